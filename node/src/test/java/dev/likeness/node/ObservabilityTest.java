package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} and {@code /health/*} on a real node and broker. */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityTest {
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
  private static final Pattern SAMPLE_NAME = Pattern.compile("^([^#\\s{]+)", Pattern.MULTILINE);

  private final AtomicReference<String> degraded = new AtomicReference<>();
  private TestCluster cluster;
  private LikenessNode node;
  private HttpTestClient http;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    cluster = TestCluster.start(tmp);
    node =
        cluster.startNode(
            cluster.config("observability-test", 1 << 20),
            () -> Optional.ofNullable(degraded.get()));
    http = cluster.http;
    assertThat(http.postRaw("/images?id=bridge", BRIDGE, "image/jpeg").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/images/bridge").status() == 200);
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private String metrics() {
    Answer a = http.get("/metrics");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    return a.text();
  }

  @Test
  @Order(1)
  void metricsHaveLikenessStreamsJvmAndHttpMeters() throws Exception {
    // Garbage after a JPEG signature passes the API's sniffing and is rejected by the indexer.
    byte[] garbage =
        Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 2048);
    Arrays.fill(garbage, 4, garbage.length, (byte) 0x5A);
    assertThat(http.postRaw("/images?id=garbage", garbage, "image/jpeg").status()).isEqualTo(202);
    assertThat(http.postRaw("/search", BRIDGE, "image/jpeg").status()).isEqualTo(200);
    assertThat(http.get("/search?id=bridge").status()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metrics().contains("likeness_images_rejected_total{"));
    String text = metrics();
    Files.writeString(Path.of("target", "metrics-sample.txt"), text);

    assertThat(sample(text, "likeness_images_indexed_total")).isGreaterThanOrEqualTo(1);
    assertThat(text)
        .containsPattern("likeness_images_rejected_total\\{[^}]*reason=\"corrupt\"[^}]*\\} 1\\.0");
    assertThat(text).containsPattern("likeness_search_seconds_bucket\\{[^}]*kind=\"image\"");
    assertThat(text).containsPattern("likeness_search_seconds_bucket\\{[^}]*kind=\"id\"");
    assertThat(text)
        .containsPattern("likeness_search_seconds_count\\{[^}]*kind=\"image\"[^}]*\\} [1-9]");
    assertThat(text).contains("likeness_extraction_seconds_bucket{");
    assertThat(sample(text, "likeness_index_images")).isGreaterThanOrEqualTo(1);
    assertThat(text).containsPattern("(?m)^kafka_stream_\\w+\\{");
    assertThat(text).containsPattern("(?m)^jvm_memory_used_bytes\\{");
    assertThat(text)
        .containsPattern("(?m)^vertx_http_server_requests_total\\{[^}]*route=\"/search\"");
    assertThat(text)
        .containsPattern(
            "(?m)^likeness_images_indexed_total\\{[^}]*application=\"observability-test\"");
    assertThat(text)
        .containsPattern(
            "(?m)^likeness_images_indexed_total\\{[^}]*instance=\"127\\.0\\.0\\.1:"
                + node.httpPort()
                + "\"");
  }

  @Test
  @Order(2)
  void metricNamesFollowPrometheusConventions() {
    String text = metrics();
    Matcher types = TYPE.matcher(text);
    List<String> badCounters = new ArrayList<>();
    int counters = 0;
    while (types.find()) {
      if (types.group(2).equals("counter")) {
        counters++;
        if (!types.group(1).endsWith("_total")) {
          badCounters.add(types.group(1));
        }
      }
    }
    assertThat(counters).isPositive();
    assertThat(badCounters).as("counters not ending in _total").isEmpty();

    Matcher names = SAMPLE_NAME.matcher(text);
    List<String> badNames = new ArrayList<>();
    while (names.find()) {
      String name = names.group(1);
      if (!name.matches("[a-z_:][a-z0-9_:]*")) {
        badNames.add(name);
      }
    }
    assertThat(badNames).as("names with upper case, dots or dashes").isEmpty();
    // Every timer of ours is in seconds.
    assertThat(text)
        .doesNotContainPattern("(?m)^likeness_(search|extraction)_(milliseconds|ms|nanoseconds)");
    assertThat(text).containsPattern("(?m)^likeness_search_seconds_sum\\{");
  }

  @Test
  @Order(2)
  void everyMetricTheGrafanaDashboardQueriesIsExported() throws Exception {
    Set<String> queried = GrafanaDashboard.read().metricNames();
    assertThat(queried).as("metric selectors in the dashboard").hasSizeGreaterThan(10);
    // GC pause meters appear with the first collection the JVM reports; make sure there was one.
    System.gc();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> metrics().contains("jvm_gc_pause_seconds_sum{"));
    String text = metrics();
    for (String name : queried) {
      assertThat(text).as("the dashboard queries %s", name).containsPattern("(?m)^" + name + "\\{");
    }
    // The search pool's panel selects it by name.
    assertThat(text)
        .containsPattern(
            "(?m)^vertx_pool_queue_pending\\{[^}]*pool_name=\"likeness-search@"
                + node.httpPort()
                + "\"");
  }

  @Test
  @Order(3)
  void openMetricsWhenAskedFor() {
    Answer a = http.send("/metrics", "application/openmetrics-text; version=1.0.0");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/openmetrics-text");
    assertThat(a.text()).contains("# EOF");
  }

  @Test
  @Order(4)
  void liveAndReadyWhileRunning() {
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    Answer ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("UP");
    assertThat(ready.json().path("streams").asText()).isEqualTo("RUNNING");
    assertThat(ready.json().path("indexedLocally").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(http.get("/health").json().path("status").asText()).isEqualTo("UP");
  }

  @Test
  @Order(5)
  void readyIsDegradedButStill200WhileTheCheckGivesAReason() {
    degraded.set("lag 45 s on likeness.images-0 is above 30 s");
    try {
      for (String path : List.of("/health/ready", "/health")) {
        Answer a = http.get(path);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("status").asText()).isEqualTo("DEGRADED");
        assertThat(a.json().path("reason").asText()).contains("lag 45 s");
      }
      assertThat(http.get("/health/live").status()).isEqualTo(200);
    } finally {
      degraded.set(null);
    }
  }

  @Test
  @Order(6)
  void notReadyAndNotLiveOnceTheStreamStopped() {
    node.streams().close(Duration.ofSeconds(30));
    assertThat(node.streams().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    Answer ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().path("status").asText()).isEqualTo("DOWN");
    assertThat(ready.json().path("reason").asText()).contains("NOT_RUNNING");
    assertThat(http.get("/health").status()).isEqualTo(503);
    assertThat(http.get("/health/live").status()).isEqualTo(503);
    // A scrape still answers: the index size is simply unknown.
    assertThat(metrics()).containsPattern("(?m)^likeness_index_images\\{[^}]*\\} NaN");
  }

  private static double sample(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)").matcher(text);
    assertThat(m.find()).as("%s in the scrape", name).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
