package dev.likeness.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.config.ConfigResolver;
import dev.likeness.contract.record.MetadataLimits;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.topics.TopicLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestCommandParsingTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void parsesRepeatedMetaAndIdStrategy() {
    IngestCommand cmd = new IngestCommand();
    commandLine(cmd).parseArgs("--meta", "a=b", "--meta", "c=d", "--id", "SHA256", "x", "y");
    assertThat(cmd.options().metadata()).containsExactly(Map.entry("a", "b"), Map.entry("c", "d"));
    assertThat(cmd.options().idStrategy()).isEqualTo(IdStrategy.SHA256);
    assertThat(cmd.paths).containsExactly(Path.of("x"), Path.of("y"));
  }

  @Test
  void defaults() {
    IngestCommand cmd = new IngestCommand();
    commandLine(cmd).parseArgs("x");
    assertThat(cmd.bootstrapServers).isEqualTo("localhost:9092");
    assertThat(cmd.options().idStrategy()).isEqualTo(IdStrategy.PATH);
    assertThat(cmd.options().maxImageBytes()).isEqualTo(16 * 1024 * 1024);
    assertThat(cmd.layout().partitions()).isEqualTo(TopicLayout.DEFAULT_PARTITIONS);
    assertThat(cmd.options().brokerTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(cmd.quiet).isFalse();
  }

  @Test
  void brokerTimeoutComesFromTheFlagOrTheEnvironment() {
    IngestCommand flag = new IngestCommand();
    commandLine(flag).parseArgs("--broker-timeout", "2m", "x");
    assertThat(flag.options().brokerTimeout()).isEqualTo(Duration.ofMinutes(2));

    IngestCommand env = new IngestCommand();
    commandLine(env)
        .setDefaultValueProvider(
            new SettingsDefaultProvider(
                new ConfigResolver(Map.of("LIKENESS_BROKER_TIMEOUT", "90s"), null)))
        .parseArgs("x");
    assertThat(env.options().brokerTimeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void zeroBrokerTimeoutIsAUsageError() {
    assertThat(commandLine(new IngestCommand()).execute("--broker-timeout", "0s", "x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("broker timeout must be positive");
  }

  @Test
  void metaOverAValueLimitIsAUsageErrorNamingTheLimitBeforeAnyConnection() {
    // Nothing listens on port 1: reaching Kafka would fail differently, and later.
    int code =
        commandLine(new IngestCommand())
            .execute(
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--meta",
                "note=" + "x".repeat(MetadataLimits.MAX_VALUE_BYTES + 1),
                "x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "--meta: metadata value of 'note' is 4097 bytes;"
                + " the limit is "
                + MetadataLimits.MAX_VALUE_BYTES);
  }

  @Test
  void tooManyMetaEntriesIsAUsageErrorNamingTheLimit() {
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", "127.0.0.1:1"));
    for (int i = 0; i <= MetadataLimits.MAX_ENTRIES; i++) {
      args.addAll(List.of("--meta", "k" + i + "=v"));
    }
    args.add("x");
    assertThat(commandLine(new IngestCommand()).execute(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--meta: 65 metadata entries; the limit is 64 per image");
  }

  @Test
  void environmentSuppliesBootstrapServers() {
    IngestCommand cmd = new IngestCommand();
    commandLine(cmd)
        .setDefaultValueProvider(
            new SettingsDefaultProvider(
                new ConfigResolver(Map.of("LIKENESS_BOOTSTRAP_SERVERS", "kafka:29092"), null)))
        .parseArgs("x");
    assertThat(cmd.bootstrapServers).isEqualTo("kafka:29092");
  }

  @Test
  void badIdStrategyIsAUsageError() {
    int code = commandLine(new IngestCommand()).execute("--id", "md5", "x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("path or sha256");
  }

  @Test
  void missingPathIsAUsageError() {
    assertThat(commandLine(new IngestCommand()).execute()).isEqualTo(2);
    assertThat(err.toString()).contains("PATH");
  }

  @Test
  void nonPositiveLimitIsAUsageErrorBeforeAnyConnection() {
    assertThat(commandLine(new IngestCommand()).execute("--max-bytes", "0", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("upload limit must be positive");
  }

  @Test
  void helpExplainsEveryFlagWithDefaults() {
    assertThat(commandLine(new IngestCommand()).execute("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--bootstrap-servers",
            "Default: localhost:9092",
            "--id",
            "Default: path",
            "--meta",
            "--max-bytes",
            "Default: 16777216",
            "--partitions",
            "Default: 12",
            "--broker-timeout",
            "Default: 60s",
            "--quiet",
            "LIKENESS_BOOTSTRAP_SERVERS",
            "Exit codes");
  }

  @Test
  void deleteRejectsBadIdsAsUsageErrors() {
    assertThat(commandLine(new DeleteCommand()).execute("ok", "x".repeat(300))).isEqualTo(2);
    assertThat(err.toString()).contains("limit is 256");
  }

  @Test
  void deleteHelpShowsDefaults() {
    assertThat(commandLine(new DeleteCommand()).execute("--help")).isZero();
    assertThat(out.toString()).contains("ID", "Default: localhost:9092");
  }

  private CommandLine commandLine(Object command) {
    CommandLine cl =
        new CommandLine(command)
            .setDefaultValueProvider(
                new SettingsDefaultProvider(new ConfigResolver(Map.of(), null)));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }
}
