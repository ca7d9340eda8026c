package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.app.LikenessCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --kafka-config} on every command that makes Kafka clients, checked before connecting. */
class KafkaConfigFlagTest {
  private static final List<List<String>> COMMANDS =
      List.of(
          List.of("node", "--http-port", "0"),
          List.of("ingest", "."),
          List.of("delete", "some-id"),
          List.of("import-hashes", "hashes.csv"),
          List.of("lag"),
          List.of("replay", "--to", "likeness.images.v2"));

  @TempDir Path tmp;

  @Test
  void everyCommandThatTalksToKafkaTakesTheFlag() {
    CommandLine root = Likeness.commandLine();
    for (String name :
        List.of("demo", "node", "ingest", "delete", "import-hashes", "lag", "replay")) {
      assertThat(root.getSubcommands().get(name).getCommandSpec().findOption("--kafka-config"))
          .as(name)
          .isNotNull();
    }
  }

  @Test
  void aFileSettingWhatLikenessOwnsIsAUsageErrorBeforeAnyConnection() throws Exception {
    Path owned =
        Files.writeString(
            tmp.resolve("owned.properties"),
            "security.protocol=SASL_SSL\nbootstrap.servers=elsewhere:9092\nacks=1\n");
    Files.writeString(tmp.resolve("hashes.csv"), "f".repeat(64) + ",x\n");
    for (List<String> command : COMMANDS) {
      List<String> line = new ArrayList<>(command);
      line.replaceAll(a -> a.equals("hashes.csv") ? tmp.resolve(a).toString() : a);
      // Nothing listens there: a command that connected before checking would fail otherwise.
      line.addAll(
          List.of("--bootstrap-servers", "127.0.0.1:1", "--kafka-config", owned.toString()));
      if (command.get(0).equals("node")) {
        line.addAll(List.of("--data-dir", tmp.resolve("data").toString()));
      }
      Run run = LikenessCliTest.run(line.toArray(String[]::new));
      assertThat(run.exit()).as(command + ": " + run.err()).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(run.err())
          .as(command.get(0))
          .contains("--kafka-config", "bootstrap.servers (use --bootstrap-servers)", "acks");
    }
  }

  @Test
  void aMissingFileIsAUsageError() {
    Run run =
        LikenessCliTest.run(
            "lag",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--kafka-config",
            tmp.resolve("absent.properties").toString());
    assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("absent.properties", "does not exist");
  }

  @Test
  void theDemoRefusesSecurityItsEmbeddedBrokerCannotHonour() throws Exception {
    Path sasl =
        Files.writeString(
            tmp.resolve("sasl.properties"),
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-256\n");
    Run demo =
        LikenessCliTest.run(
            "demo",
            "--kafka-port",
            "0",
            "--http-port",
            "0",
            "--data-dir",
            tmp.resolve("demo").toString(),
            "--kafka-config",
            sasl.toString());
    assertThat(demo.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(demo.err()).contains("security.protocol=SASL_SSL", "likeness node");
    assertThat(tmp.resolve("demo")).doesNotExist();
  }
}
