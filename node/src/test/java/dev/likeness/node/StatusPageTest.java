package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.Topics;
import dev.likeness.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The status page and its summary endpoint on a real node and broker. */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageTest {
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final byte[] NOT_AN_IMAGE =
      "this is text, not a picture".getBytes(StandardCharsets.UTF_8);

  private TestCluster cluster;
  private KRaftBroker broker;
  private LikenessNode node;
  private HttpTestClient http;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    cluster = TestCluster.start(tmp);
    broker = cluster.broker;
    node = cluster.startNode(cluster.config("status-test", 1 << 20));
    http = cluster.http;
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void thePageIsServedAtStatusWithAndWithoutTheSlash() {
    for (String path : new String[] {"/status", "/status/", "/status/index.html"}) {
      Answer a = http.get(path);
      assertThat(a.status()).as(path).isEqualTo(200);
      assertThat(a.contentType()).as(path).startsWith("text/html");
      assertThat(a.text())
          .contains("<script src=\"/status/vendor/uPlot.iife.min.js\"></script>")
          .contains("<script src=\"/status/status.js\"></script>")
          .contains("/status/vendor/uPlot.min.css")
          .contains("/status/status.css");
    }
  }

  @Test
  void theAssetsAreServedWithTheirContentTypes() {
    Answer uplot = http.get("/status/vendor/uPlot.iife.min.js");
    assertThat(uplot.status()).isEqualTo(200);
    assertThat(uplot.contentType()).contains("javascript");
    assertThat(uplot.text()).contains("uPlot");

    Answer uplotCss = http.get("/status/vendor/uPlot.min.css");
    assertThat(uplotCss.status()).isEqualTo(200);
    assertThat(uplotCss.contentType()).startsWith("text/css");

    Answer js = http.get("/status/status.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.contentType()).contains("javascript");
    assertThat(js.text()).contains("/status/summary.json").contains("/lag").contains("/health");

    Answer css = http.get("/status/status.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.contentType()).startsWith("text/css");
  }

  @Test
  void unknownStatusAssetsAre404Json() {
    Answer a = http.get("/status/nope.js");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(http.get("/status/vendor/nope.js").status()).isEqualTo(404);
  }

  @Test
  void theSummaryCountsIndexedAndRejectedImages() {
    JsonNode before = summary();
    assertThat(before.path("applicationId").asText()).isEqualTo("status-test");
    assertThat(before.path("instance").asText()).isEqualTo("127.0.0.1:" + node.httpPort());
    assertThat(before.path("streams").asText()).isEqualTo("RUNNING");
    assertThat(before.path("uptimeSeconds").isIntegralNumber()).isTrue();
    assertThat(before.path("time").asLong()).isPositive();
    assertThat(before.path("localPartitions").size()).isEqualTo(2);
    for (String field :
        new String[] {"indexedLocally", "imagesIndexed", "imagesRejected", "imagesDeleted"}) {
      assertThat(before.path(field).isIntegralNumber()).as(field).isTrue();
    }
    long indexed = before.path("imagesIndexed").asLong();
    long local = before.path("indexedLocally").asLong();

    assertThat(http.postRaw("/images?id=status-bridge", BRIDGE, "image/jpeg").status())
        .isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> summary().path("imagesIndexed").asLong() > indexed);
    JsonNode after = summary();
    assertThat(after.path("imagesIndexed").asLong()).isEqualTo(indexed + 1);
    assertThat(after.path("indexedLocally").asLong()).isEqualTo(local + 1);
    assertThat(after.path("time").asLong()).isGreaterThanOrEqualTo(before.path("time").asLong());
  }

  @Test
  void theSummaryCountsRejectionsByReason() {
    long rejected = summary().path("imagesRejected").asLong();
    // The API refuses non-images, so publish the bad bytes straight to the topic.
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.IMAGES, "status-garbage", NOT_AN_IMAGE));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> summary().path("imagesRejected").asLong() > rejected);
    JsonNode after = summary();
    long byReason = 0;
    for (JsonNode n : after.path("rejectedByReason")) {
      byReason += n.asLong();
    }
    assertThat(byReason).isEqualTo(after.path("imagesRejected").asLong());
  }

  private JsonNode summary() {
    Answer a = http.get("/status/summary.json");
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/json");
    return a.json();
  }
}
