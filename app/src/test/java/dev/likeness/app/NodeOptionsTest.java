package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.api.auth.AuthMode;
import dev.likeness.api.limit.RateLimit;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.config.ConfigResolver;
import dev.likeness.contract.record.Topics;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.node.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NodeOptionsTest {
  private static NodeConfig parse(String... args) {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs(args);
    return command.node.toConfig("localhost:9092", Path.of("x"));
  }

  @Test
  void maxReadyLagDefaultsToThirtySeconds() {
    assertThat(parse().maxReadyLag()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theImagesTopicDefaultsToTheContractsAndCanBeAnother() {
    assertThat(parse().imagesTopic()).isEqualTo(Topics.IMAGES);
    assertThat(parse("--images-topic", "likeness.images-24").imagesTopic())
        .isEqualTo("likeness.images-24");
  }

  @Test
  void maxReadyLagTakesShortAndIsoForms() {
    assertThat(parse("--max-ready-lag", "2m").maxReadyLag()).isEqualTo(Duration.ofMinutes(2));
    assertThat(parse("--max-ready-lag=PT45S").maxReadyLag()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void aBadMaxReadyLagNamesTheFlag() {
    assertThatThrownBy(() -> parse("--max-ready-lag", "soon"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--max-ready-lag")
        .hasMessageContaining("soon");
  }

  @Test
  void searchThreadsDefaultToOnePerCoreAndMustNotBeNegative() {
    assertThat(parse().searchPoolSize()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(parse("--search-threads", "3").searchPoolSize()).isEqualTo(3);
    assertThatThrownBy(() -> parse("--search-threads", "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("search threads");
  }

  @Test
  void decodeLongestSideDefaultsToTheImageLimitsAndMustBePositive() {
    assertThat(parse().decodeLongestSide()).isEqualTo(ImageLimits.DEFAULT_DECODE_LONGEST_SIDE);
    assertThat(parse("--decode-longest-side", "100000").decodeLongestSide()).isEqualTo(100000);
    assertThatThrownBy(() -> parse("--decode-longest-side", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decode longest side");
  }

  @Test
  void writesNeedKeysOnANodeAndAreOpenToLoopbackInTheDemo() {
    assertThat(parse().authMode()).isEqualTo(AuthMode.KEYS);
    assertThat(parse("--auth", "NONE").authMode()).isEqualTo(AuthMode.NONE);
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();
    assertThat(demo.node.toConfig("localhost:9092", Path.of("x")).authMode())
        .isEqualTo(AuthMode.LOOPBACK);
  }

  @Test
  void accessFlagsReachTheConfigAndContradictionsAreRefused(@TempDir Path tmp) throws Exception {
    Path keys = Files.writeString(tmp.resolve("keys.txt"), "");
    NodeConfig config =
        parse("--api-keys", keys.toString(), "--cluster-secret-file", "/run/secrets/s");
    assertThat(config.apiKeysFile()).contains(keys);
    assertThat(config.clusterSecretFile()).contains(Path.of("/run/secrets/s"));
    assertThat(config.tls()).isEmpty();
    assertThatThrownBy(() -> parse("--auth", "NONE", "--api-keys", keys.toString()))
        .hasMessageContaining("--auth=none and --api-keys");
    assertThatThrownBy(() -> parse("--tls-cert", keys.toString()))
        .hasMessageContaining("--tls-cert and --tls-key go together");
    assertThat(
            parse("--tls-cert", keys.toString(), "--tls-key", keys.toString())
                .tls()
                .orElseThrow()
                .cert())
        .isEqualTo(keys);
  }

  @Test
  void accessFlagsAreReadFromTheEnvironmentToo() {
    NodeCommand command = new NodeCommand();
    new CommandLine(command)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(
            new SettingsDefaultProvider(
                new ConfigResolver(
                    Map.of(
                        "LIKENESS_AUTH", "none",
                        "LIKENESS_CLUSTER_SECRET_FILE", "/s",
                        "LIKENESS_TLS_TRUST", "/ca.pem"),
                    null)))
        .parseArgs();
    assertThat(command.node.auth).isEqualTo(AuthMode.NONE);
    assertThat(command.node.clusterSecretFile).isEqualTo(Path.of("/s"));
    assertThat(command.node.tlsTrust).isEqualTo(Path.of("/ca.pem"));
  }

  @Test
  void abuseLimitsHaveStatedDefaults() {
    RequestLimits limits = parse().requestLimits();
    assertThat(limits).isEqualTo(RequestLimits.DEFAULTS);
    assertThat(limits.searches()).isEqualTo(new RateLimit(50, 100));
    assertThat(limits.writes()).isEqualTo(new RateLimit(20, 40));
    assertThat(limits.decodeQueue()).isEqualTo(8);
    assertThat(limits.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void abuseLimitsComeFromFlagsAndTheEnvironment() {
    RequestLimits flags =
        parse(
                "--rate-limit-search", "10:15",
                "--rate-limit-write", "0",
                "--decode-queue", "3",
                "--body-timeout", "5s")
            .requestLimits();
    assertThat(flags)
        .isEqualTo(
            new RequestLimits(new RateLimit(10, 15), RateLimit.OFF, 3, Duration.ofSeconds(5)));

    ConfigResolver env =
        new ConfigResolver(
            Map.of(
                "LIKENESS_RATE_LIMIT_SEARCH", "7",
                "LIKENESS_RATE_LIMIT_WRITE", "2:9",
                "LIKENESS_DECODE_QUEUE", "0",
                "LIKENESS_BODY_TIMEOUT", "PT12S"),
            null);
    NodeCommand command = new NodeCommand();
    new CommandLine(command).setDefaultValueProvider(new SettingsDefaultProvider(env)).parseArgs();
    assertThat(command.node.toConfig("localhost:9092", Path.of("x")).requestLimits())
        .isEqualTo(
            new RequestLimits(
                new RateLimit(7, 14), new RateLimit(2, 9), 0, Duration.ofSeconds(12)));
  }

  @Test
  void aBadRateLimitNamesTheFlagAndTheForm() {
    assertThatThrownBy(() -> parse("--rate-limit-search", "lots"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--rate-limit-search")
        .hasMessageContaining("RATE:BURST");
    assertThatThrownBy(() -> parse("--decode-queue", "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decode queue");
  }
}
