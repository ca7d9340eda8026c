package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.api.HttpTestClient;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.contract.record.PublishResult;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.monitor.LagGauges;
import dev.likeness.monitor.cli.LagCommand;
import dev.likeness.testing.TestImages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Lag on a real broker: a burst published while the node's stream is paused (STALLED, owned,
 * interpolated seconds, gauges), then while no node runs at all ({@code likeness lag}: STOPPED,
 * record-timestamp seconds), and drained by a restarted node.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LagIntegrationTest {
  private static final int BURST = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path tmp;
  private KRaftBroker broker;
  private LikenessNode node;
  private HttpTestClient http;
  private ImagePublisher publisher;
  private final byte[] image = TestImages.vector("bridge-mods_square-256x256.jpg");

  /** "partition:offset" → the uploaded-at of the record we published there. */
  private final Map<String, Long> uploadedAt = new HashMap<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0));
    startNode();
    publisher =
        new ImagePublisher(PublisherConfig.of(broker.bootstrapServers()).withClientId("lag-test"));
  }

  private void startNode() throws Exception {
    node =
        LikenessNode.start(
            NodeConfig.builder(broker.bootstrapServers(), tmp.resolve("node"))
                .clusterSecret(TestCluster.SECRET)
                .partitions(2)
                .httpPort(0)
                .build());
    node.awaitRunning(Duration.ofSeconds(60));
    http = new HttpTestClient(node.baseUrl());
  }

  @AfterAll
  void stop() {
    if (publisher != null) {
      publisher.close();
    }
    if (node != null) {
      node.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private void publish(String prefix, int count) {
    List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
    List<ImageUpload> uploads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ImageUpload u = ImageUpload.of(prefix + i, image, "image/jpeg", prefix + i + ".jpg");
      uploads.add(u);
      sent.add(publisher.publish(u));
    }
    for (int i = 0; i < count; i++) {
      PublishResult r = sent.get(i).join();
      uploadedAt.put(r.partition() + ":" + r.offset(), uploads.get(i).uploadedAt());
    }
  }

  private JsonNode lagRoute() {
    HttpTestClient.Answer a = http.get("/lag");
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    return a.json();
  }

  private String lagCommand(String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LagCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers()));
    args.addAll(List.of(extra));
    int exit = cli.execute(args.toArray(String[]::new));
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  private JsonNode lagCommandJson() throws Exception {
    return JSON.readTree(lagCommand("--json"));
  }

  private static long totalRecords(JsonNode report) {
    return report.path("total").path("lagRecords").asLong(-1);
  }

  /** Each waiting partition's seconds against the true age of its first unprocessed record. */
  private void assertSecondsMatchTrueAge(JsonNode report, String expectedEstimate) {
    long sampledAt = Instant.parse(report.path("sampledAt").asText()).toEpochMilli();
    int waiting = 0;
    for (JsonNode p : report.path("partitions")) {
      if (p.path("lagRecords").asLong() == 0) {
        continue;
      }
      waiting++;
      Long published =
          uploadedAt.get(p.path("partition").asInt() + ":" + p.path("committedOffset").asLong());
      assertThat(published).as("we published the first unprocessed record of %s", p).isNotNull();
      double trueAge = (sampledAt - published) / 1000.0;
      double estimate = p.path("lagSeconds").asDouble();
      System.out.printf(
          "lag reading: partition %d, %d records, estimate %.3f s (%s), true age %.3f s, status %s%n",
          p.path("partition").asInt(),
          p.path("lagRecords").asLong(),
          estimate,
          p.path("secondsEstimate").asText(),
          trueAge,
          p.path("status").asText());
      assertThat(p.path("secondsEstimate").asText()).isEqualTo(expectedEstimate);
      assertThat(estimate)
          .as("seconds of %s", p)
          .isCloseTo(trueAge, Offset.offset(Math.max(1.0, 0.2 * trueAge)));
    }
    assertThat(waiting).isPositive();
  }

  private static double gaugeSum(MeterRegistry registry, String name) {
    return registry.find(name).tag("topic", "likeness.images").gauges().stream()
        .mapToDouble(Gauge::value)
        .sum();
  }

  @Test
  @Order(1)
  void anIndexerThatKeepsUpShowsNoLag() {
    publish("warm-", 4);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode r = lagRoute();
              return totalRecords(r) == 0
                  && "OK".equals(r.path("status").asText())
                  && r.path("partitions").size() == 2
                  && sumOf(r, "endOffset") == 4;
            });
    JsonNode r = lagRoute();
    for (JsonNode p : r.path("partitions")) {
      assertThat(p.path("owner").asText())
          .as("owner from Streams metadata")
          .matches("localhost:\\d+");
      assertThat(p.path("lagSeconds").asDouble()).isZero();
    }
    assertThat(r.path("stores")).as("the feature store partitions of this node").isNotEmpty();
    assertThat(r.path("stores").path(0).path("role").asText()).isEqualTo("active");
  }

  private static long sumOf(JsonNode report, String field) {
    long sum = 0;
    for (JsonNode p : report.path("partitions")) {
      sum += p.path(field).asLong();
    }
    return sum;
  }

  @Test
  @Order(2)
  void aBurstOnAPausedStreamIsStalledWithItsOwnerAndShowsInTheGauges() {
    node.streams().pause();
    publish("paused-", BURST);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode r = lagRoute();
              return totalRecords(r) == BURST && "STALLED".equals(r.path("status").asText());
            });
    JsonNode r = lagRoute();
    for (JsonNode p : r.path("partitions")) {
      assertThat(p.path("owner").asText())
          .as("a paused node still owns %s", p)
          .matches("localhost:\\d+");
      assertThat(p.path("status").asText())
          .isEqualTo(p.path("lagRecords").asLong() > 0 ? "STALLED" : "OK");
    }
    assertSecondsMatchTrueAge(r, "interpolated");
    assertThat(r.path("worst").path("lagSeconds").asDouble())
        .isEqualTo(r.path("total").path("maxLagSeconds").asDouble());

    MeterRegistry registry = node.registry();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gaugeSum(registry, LagGauges.RECORDS) == BURST);
    assertThat(registry.find(LagGauges.RECORDS).gauges()).hasSize(2);
    assertThat(
            registry.find(LagGauges.SECONDS).gauges().stream()
                .mapToDouble(Gauge::value)
                .max()
                .orElse(0))
        .isPositive();
    assertThat(node.lag().degradedReason(Duration.ofMillis(100)))
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("likeness.images-", "exceeds the 0.1 s bound"));
    assertThat(node.lag().degradedReason(Duration.ofHours(1))).isEmpty();
    // What Prometheus scrapes: the lag per partition, summing to the burst.
    String scrape = http.get("/metrics").text();
    double scrapedRecords = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("likeness_lag_records{")) {
        assertThat(line)
            .contains("topic=\"likeness.images\"")
            .containsPattern("partition=\"[01]\"");
        scrapedRecords += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertThat(scrapedRecords).isEqualTo(BURST);
    assertThat(scrape)
        .containsPattern("(?m)^likeness_lag_seconds\\{[^}]*partition=\"[01]\"[^}]*\\} [1-9]");

    node.streams().resume();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode now = lagRoute();
              return totalRecords(now) == 0 && "OK".equals(now.path("status").asText());
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> gaugeSum(registry, LagGauges.RECORDS) == 0);
  }

  @Test
  @Order(3)
  void withNoNodeRunningTheLagCommandShowsTheBurstStoppedAndAging() throws Exception {
    node.close();
    node = null;
    publish("stopped-", BURST);

    JsonNode first = lagCommandJson();
    assertThat(totalRecords(first)).isEqualTo(BURST);
    assertThat(first.path("status").asText()).isEqualTo("STOPPED");
    for (JsonNode p : first.path("partitions")) {
      assertThat(p.path("status").asText()).isEqualTo("STOPPED");
      assertThat(p.path("owner").isNull()).as("no member owns %s", p).isTrue();
    }
    assertSecondsMatchTrueAge(first, "record-timestamp");
    double firstSeconds = first.path("total").path("maxLagSeconds").asDouble();
    AtomicReference<JsonNode> second = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              second.set(lagCommandJson());
              return second.get().path("total").path("maxLagSeconds").asDouble() > firstSeconds;
            });
    assertThat(totalRecords(second.get())).isEqualTo(BURST);
    assertSecondsMatchTrueAge(second.get(), "record-timestamp");

    String table = lagCommand();
    assertThat(table)
        .contains("PARTITION", "COMMITTED", "END", "LAG", "SECONDS", "OWNER", "STATUS", "STOPPED");
    assertThat(table.lines().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow())
        .contains(Integer.toString(BURST), "STOPPED");

    String watched = lagCommand("--watch", "--interval", "200ms", "--count", "2");
    assertThat(watched.lines().filter(l -> l.startsWith("TOTAL")).count()).isEqualTo(2);
  }

  @Test
  @Order(4)
  void aRestartedNodeDrainsTheBurstBackToOk() throws Exception {
    startNode();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              HttpTestClient.Answer a = http.get("/lag");
              if (a.status() != 200) {
                return false;
              }
              JsonNode r = a.json();
              return totalRecords(r) == 0 && "OK".equals(r.path("status").asText());
            });
    JsonNode cli = lagCommandJson();
    assertThat(totalRecords(cli)).isZero();
    assertThat(cli.path("status").asText()).isEqualTo("OK");
    assertThat(cli.path("partitions").path(0).path("owner").asText())
        .as("client id @ host from Admin")
        .contains("@");
    assertThat(gaugeSum(node.registry(), LagGauges.RECORDS)).isZero();
  }
}
