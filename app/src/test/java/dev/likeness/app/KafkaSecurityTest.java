package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.app.LikenessCliTest.Run;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.broker.SaslListener;
import dev.likeness.contract.record.Topics;
import dev.likeness.node.LikenessNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --kafka-config} against a broker whose client listener requires SASL/SCRAM-SHA-256 (over
 * plaintext on loopback): the node and the commands get in with the right password, and are turned
 * away, fast and in so many words, with a wrong one.
 */
@Tag("broker")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaSecurityTest {
  private static final String USER = "likeness";
  private static final String PASSWORD = "right-pw-7f3a";
  private static final String WRONG = "wrong-pw-0c1d";
  private static final SaslListener SASL = SaslListener.scram(Map.of(USER, PASSWORD));

  @TempDir static Path shared;
  private static KRaftBroker broker;
  private static Path goodConfig;
  private static Path wrongConfig;

  @TempDir Path tmp;

  @BeforeAll
  static void securedBroker() throws Exception {
    broker =
        KRaftBroker.start(
            KRaftBroker.Settings.builder(shared.resolve("kafka")).saslListener(SASL).build());
    goodConfig = properties(shared.resolve("good.properties"), PASSWORD);
    wrongConfig = properties(shared.resolve("wrong.properties"), WRONG);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aNodeWithTheRightCredentialsIndexesWhatIngestPublishesAndSearchesIt() throws Exception {
    Path seeds = Files.createDirectories(tmp.resolve("seeds"));
    Files.write(seeds.resolve("bridge.jpg"), image("bridge-mods_aaa-orig.jpg"));
    Files.write(seeds.resolve("coaster.png"), image("pen-and-coaster.png"));
    String sasl = broker.saslBootstrapServers();

    Run ingest =
        LikenessCliTest.run(
            "ingest",
            "--bootstrap-servers",
            sasl,
            "--kafka-config",
            goodConfig.toString(),
            "--partitions",
            "2",
            "--quiet",
            seeds.toString());
    assertThat(ingest.exit()).as(ingest.err()).isZero();
    assertThat(ingest.out()).contains("2");

    NodeOptions options =
        parsedNodeOptions(
            "--http-host",
            "127.0.0.1",
            "--http-port",
            "0",
            "--stream-threads",
            "1",
            "--partitions",
            "2",
            "--kafka-config",
            goodConfig.toString());
    try (LikenessNode node = LikenessNode.start(options.toConfig(sasl, tmp.resolve("node")))) {
      node.awaitRunning(Duration.ofSeconds(90));
      String url = node.baseUrl();
      Path query = seeds.resolve("bridge.jpg");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  LikenessCliTest.run("search", "--url", url, query.toString())
                      .out()
                      .contains("bridge.jpg"));
      Run table = LikenessCliTest.run("search", "--url", url, "-k", "5", query.toString());
      assertThat(table.out()).contains("bridge.jpg").doesNotContain("coaster.png");

      // The lag monitor's clients got in too: the node reads its own lag.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  LikenessCliTest.run(
                              "lag",
                              "--bootstrap-servers",
                              sasl,
                              "--kafka-config",
                              goodConfig.toString())
                          .exit()
                      == 0);
    }
  }

  @Test
  void aWrongPasswordStopsTheNodeAndTheCommandsFastNamingTheAuthenticationFailure()
      throws Exception {
    Path seeds = Files.createDirectories(tmp.resolve("seeds"));
    Files.write(seeds.resolve("bridge.jpg"), image("bridge-mods_aaa-orig.jpg"));
    Path hashes = tmp.resolve("hashes.csv");
    Files.writeString(hashes, "f".repeat(64) + ",imported\n");
    String sasl = broker.saslBootstrapServers();
    Map<TopicPartition, Long> before = endOffsets();

    List<String> took = new ArrayList<>();
    for (String[] args :
        List.of(
            new String[] {
              "node",
              "--http-host",
              "127.0.0.1",
              "--http-port",
              "0",
              "--data-dir",
              tmp.resolve("node").toString()
            },
            new String[] {"ingest", "--quiet", seeds.toString()},
            new String[] {"delete", "bridge.jpg"},
            new String[] {"import-hashes", hashes.toString()},
            new String[] {"replay", "--to", "likeness.images.v2"},
            new String[] {"lag"})) {
      List<String> line = new ArrayList<>(List.of(args));
      line.addAll(List.of("--bootstrap-servers", sasl, "--kafka-config", wrongConfig.toString()));
      long t0 = System.nanoTime();
      Run run = LikenessCliTest.run(line.toArray(String[]::new));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      took.add(args[0] + " " + ms + " ms");
      assertThat(run.exit())
          .as(args[0] + ": " + run.err())
          .isEqualTo(CommandLine.ExitCode.SOFTWARE);
      assertThat(run.err())
          .as(args[0])
          .containsIgnoringCase("authentication failed")
          .doesNotContain(WRONG);
      assertThat(ms).as(args[0] + " gave up after").isLessThan(30_000);
    }
    System.out.println("Wrong password refused in: " + String.join(", ", took));
    // Nothing got through.
    assertThat(endOffsets()).isEqualTo(before);
  }

  private static Map<TopicPartition, Long> endOffsets() throws Exception {
    // The broker's own PLAINTEXT listener, as an operator with access to the cluster would look.
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      if (!admin.listTopics().names().get().contains(Topics.IMAGES)) {
        return Map.of();
      }
      var partitions =
          admin
              .describeTopics(List.of(Topics.IMAGES))
              .allTopicNames()
              .get()
              .get(Topics.IMAGES)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(Topics.IMAGES, p.partition()))
              .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      return admin.listOffsets(partitions).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  private static Path properties(Path file, String password) throws Exception {
    List<String> lines = new ArrayList<>();
    SASL.clientProperties(USER, password)
        .forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\")));
    return Files.write(file, lines);
  }

  private static NodeOptions parsedNodeOptions(String... args) {
    NodeCommand cmd = new NodeCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.node;
  }

  private static byte[] image(String name) throws Exception {
    try (InputStream in =
        KafkaSecurityTest.class.getResourceAsStream("/pdq-vectors/images/" + name)) {
      return in.readAllBytes();
    }
  }
}
