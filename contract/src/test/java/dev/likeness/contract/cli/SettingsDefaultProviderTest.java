package dev.likeness.contract.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.config.ConfigResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class SettingsDefaultProviderTest {
  @TempDir Path dir;

  @Command(
      name = "tiny",
      defaultValueProvider = SettingsDefaultProvider.class,
      mixinStandardHelpOptions = true,
      showDefaultValues = true)
  static class Tiny implements Runnable {
    @Option(names = "--http-port", defaultValue = "8080", description = "port")
    int httpPort;

    @Option(
        names = {"-b", "--bootstrap-servers"},
        defaultValue = "localhost:9092")
    String bootstrapServers;

    @Override
    public void run() {}
  }

  @Test
  void flagBeatsEnvBeatsFileBeatsDefault() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("l.properties"), "http-port=1111\nbootstrap-servers=file:9092\n");
    ConfigResolver settings = new ConfigResolver(Map.of("LIKENESS_HTTP_PORT", "2222"), file);

    assertThat(parse(settings, "--http-port", "3333").httpPort).isEqualTo(3333);
    assertThat(parse(settings).httpPort).isEqualTo(2222);
    assertThat(parse(settings).bootstrapServers).isEqualTo("file:9092");
    assertThat(parse(new ConfigResolver(Map.of(), file)).httpPort).isEqualTo(1111);
    assertThat(parse(new ConfigResolver(Map.of(), null)).httpPort).isEqualTo(8080);
    assertThat(parse(new ConfigResolver(Map.of(), null)).bootstrapServers)
        .isEqualTo("localhost:9092");
  }

  @Test
  void helpShowsTheEffectiveDefault() {
    CommandLine cl =
        new CommandLine(new Tiny())
            .setDefaultValueProvider(
                new SettingsDefaultProvider(
                    new ConfigResolver(Map.of("LIKENESS_HTTP_PORT", "2222"), null)));
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("Default: 2222").contains("Default: localhost:9092");
  }

  private static Tiny parse(ConfigResolver settings, String... args) {
    Tiny tiny = new Tiny();
    new CommandLine(tiny)
        .setDefaultValueProvider(new SettingsDefaultProvider(settings))
        .parseArgs(args);
    return tiny;
  }
}
