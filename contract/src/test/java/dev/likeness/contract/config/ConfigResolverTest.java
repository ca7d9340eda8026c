package dev.likeness.contract.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @TempDir Path dir;

  @Test
  void environmentBeatsFile() throws IOException {
    Path file = write("likeness.properties", "http-port=8081\nbootstrap-servers=file:9092\n");
    ConfigResolver s = new ConfigResolver(Map.of("LIKENESS_HTTP_PORT", "9090"), file);
    assertThat(s.get("http-port")).contains("9090");
    assertThat(s.get("bootstrap-servers")).contains("file:9092");
    assertThat(s.get("missing")).isEmpty();
  }

  @Test
  void emptyEnvironmentValueFallsThroughToFile() throws IOException {
    Path file = write("x.properties", "http-port = 8081 \n");
    ConfigResolver s = new ConfigResolver(Map.of("LIKENESS_HTTP_PORT", ""), file);
    assertThat(s.get("http-port")).contains("8081");
  }

  @Test
  void envNameIsUpperCaseWithUnderscores() {
    assertThat(ConfigResolver.envName("bootstrap-servers")).isEqualTo("LIKENESS_BOOTSTRAP_SERVERS");
  }

  @Test
  void noFileMeansEnvironmentOnly() {
    ConfigResolver s = new ConfigResolver(Map.of(), null);
    assertThat(s.get("http-port")).isEmpty();
    assertThat(s.file()).isEmpty();
  }

  @Test
  void loadUsesConfigVariableThenDefaultFile() throws IOException {
    write("likeness.properties", "http-port=1\n");
    write("other.properties", "http-port=2\n");
    assertThat(ConfigResolver.load(Map.of(), dir).get("http-port")).contains("1");
    assertThat(
            ConfigResolver.load(Map.of("LIKENESS_CONFIG", "other.properties"), dir)
                .get("http-port"))
        .contains("2");
  }

  @Test
  void loadWithoutAnyFileIsFine() {
    assertThat(ConfigResolver.load(Map.of(), dir).file()).isEmpty();
  }

  @Test
  void namedFileMustExist() {
    assertThatThrownBy(() -> ConfigResolver.load(Map.of("LIKENESS_CONFIG", "nope.properties"), dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.properties")
        .hasMessageContaining("LIKENESS_CONFIG");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
