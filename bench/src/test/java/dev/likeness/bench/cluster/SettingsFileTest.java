package dev.likeness.bench.cluster;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
  @TempDir Path dir;

  @Test
  void readsTheLikenessVariablesAndSkipsCommentsAndOthers() throws Exception {
    Path env = dir.resolve("likeness.env");
    Files.writeString(
        env,
        "# shared node settings\n"
            + "LIKENESS_STANDBY_REPLICAS=1\n"
            + "\n"
            + "LIKENESS_MAX_READY_LAG=\"45s\"\n"
            + "JAVA_OPTS=-Xmx1g\n"
            + "export LIKENESS_KEYPOINTS=false\n");
    assertThat(SettingsFile.read(env))
        .containsExactly(
            entry("LIKENESS_STANDBY_REPLICAS", "1"),
            entry("LIKENESS_MAX_READY_LAG", "45s"),
            entry("LIKENESS_KEYPOINTS", "false"));
  }

  @Test
  void aMissingFileGivesNoSettings() throws Exception {
    assertThat(SettingsFile.read(dir.resolve("absent.env"))).isEmpty();
  }
}
