package dev.likeness.node;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.api.http.ImageBodyHandler;
import dev.likeness.api.limit.RateLimit;
import dev.likeness.api.limit.RequestHeadLimits;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.api.search.PeerClient;
import dev.likeness.contract.record.Topics;
import dev.likeness.testing.TestImages;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.http.HttpServerOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The abuse limits on a real node with low limits: clients over their rate get 429 with {@code
 * Retry-After} and change nothing, slow bodies are cut off, oversized heads and forms are refused,
 * and each refusal is counted on {@code /metrics}.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final RateLimit SEARCHES = new RateLimit(5, 10);
  private static final RateLimit WRITES = new RateLimit(1, 2);
  // Long enough for any upload of these tests on a busy machine, short for the slow one.
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);

  private TestCluster cluster;
  private HttpTestClient http;
  // A small photo for the burst: its searches measure the limits, not the machine's decoding.
  private static final byte[] SMALL =
      TestImages.jpeg(TestImages.scene(320, 240, BufferedImage.TYPE_INT_RGB), 0.85f);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    cluster = TestCluster.start(tmp);
    NodeConfig config =
        cluster.config("limits-test", NodeConfig.DEFAULT_MAX_IMAGE_BYTES).toBuilder()
            .requestLimits(
                RequestLimits.DEFAULTS
                    .withSearches(SEARCHES)
                    .withWrites(WRITES)
                    .withBodyTimeout(BODY_TIMEOUT))
            .build();
    cluster.startNode(config);
    http = cluster.http;
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private double refused(String reason) {
    Counter c =
        cluster.node.registry().find("likeness.http.refused").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  private Map<TopicPartition, Long> imagesEndOffsets() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.broker.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        latest.put(new TopicPartition(Topics.IMAGES, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    }
  }

  private static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  @Order(1)
  void aBodySentOneByteAtATimeIsCutOffWith408() throws Exception {
    double before = refused("body-timeout");
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", cluster.node.httpPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                  + "Content-Length: "
                  + BRIDGE.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // A byte every 100 ms: the whole image would take ten hours.
      int[] sent = {0};
      trickle.scheduleAtFixedRate(
          () -> {
            try {
              out.write(BRIDGE[sent[0]++]);
              out.flush();
            } catch (IOException e) {
              throw new IllegalStateException("closed by the node", e);
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      String answer = HttpTestClient.readToEnd(socket);
      assertThat(answer)
          .startsWith("HTTP/1.1 408")
          .contains("not complete after " + BODY_TIMEOUT.toSeconds() + " s");
    } finally {
      trickle.shutdownNow();
    }
    // Cut off at the body timeout, not after the whole body or the socket's own timeout.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(BODY_TIMEOUT.multipliedBy(3));
    assertThat(refused("body-timeout")).isEqualTo(before + 1);
    assertThat(http.get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void headersAndUrlsOverTheirLimitsAre431And414() throws Exception {
    String big =
        head(
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                + "a".repeat(RequestHeadLimits.MAX_HEADER_BYTES)
                + "\r\n\r\n");
    assertThat(big).startsWith("HTTP/1.1 431");
    assertThat(json(big).path("error").asText()).contains("" + RequestHeadLimits.MAX_HEADER_BYTES);
    String longUrl =
        head(
            "GET /search?pdq="
                + "0".repeat(RequestHeadLimits.MAX_REQUEST_LINE_BYTES)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    // Netty could not read the request line, so not its version either: the answer is HTTP/1.0.
    assertThat(longUrl).matches("(?s)HTTP/1\\.[01] 414 .*");
    assertThat(json(longUrl).path("status").asInt()).isEqualTo(414);
    assertThat(refused("headers-too-large")).isEqualTo(1);
    assertThat(refused("uri-too-long")).isEqualTo(1);
    // Just under the limits, the same requests are served.
    assertThat(http.send("GET", "/health", null, Map.of("X-Padding", "a".repeat(7000))).status())
        .isEqualTo(200);
  }

  @Test
  @Order(3)
  void formsWithTooManyPartsOrFieldsAre413AndPublishNothing() throws Exception {
    Map<TopicPartition, Long> before = imagesEndOffsets();
    ByteArrayOutputStream parts = new ByteArrayOutputStream();
    for (int i = 0; i <= ImageBodyHandler.MAX_FILE_PARTS; i++) {
      parts.writeBytes(
          ("--b0undary\r\nContent-Disposition: form-data; name=\"extra"
                  + i
                  + "\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    parts.writeBytes(
        HttpTestClient.multipart("b0undary", List.of(Map.entry("id", "parts")), BRIDGE, "b.jpg"));
    assertError(
        http.postRaw("/images", parts.toByteArray(), "multipart/form-data; boundary=b0undary"),
        413,
        "more than " + ImageBodyHandler.MAX_FILE_PARTS + " file parts");
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (int i = 0; i <= HttpServerOptions.DEFAULT_MAX_FORM_FIELDS; i++) {
      fields.add(Map.entry("f" + i, "v"));
    }
    assertError(
        http.postRaw(
            "/images",
            HttpTestClient.multipart("b0undary", fields, BRIDGE, "b.jpg"),
            "multipart/form-data; boundary=b0undary"),
        413,
        "more than " + HttpServerOptions.DEFAULT_MAX_FORM_FIELDS + " fields");
    assertThat(refused("too-many-parts")).isEqualTo(2);
    assertThat(imagesEndOffsets()).isEqualTo(before);
    assertThat(http.get("/images/parts").status()).isEqualTo(404);
  }

  @Test
  @Order(4)
  void writesOverTheRateAre429AndPublishNothing() throws Exception {
    Map<TopicPartition, Long> before = imagesEndOffsets();
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(
          i % 2 == 0
              ? http.postRaw("/images?id=rate-" + i, BRIDGE, "image/jpeg")
              : http.delete("/images/rate-" + i));
    }
    List<Answer> refusedWrites = answers.stream().filter(a -> a.status() == 429).toList();
    long accepted = answers.stream().filter(a -> a.status() == 202).count();
    assertThat(refusedWrites).isNotEmpty();
    assertThat(accepted + refusedWrites.size()).isEqualTo(answers.size());
    for (Answer a : refusedWrites) {
      assertThat(a.headers().firstValue("retry-after")).hasValue("1");
      assertError(a, 429, "too many writes");
    }
    // Each accepted write is one record; the refused ones added none.
    assertThat(total(imagesEndOffsets()) - total(before)).isEqualTo(accepted);
    assertThat(refused("write-rate")).isEqualTo(refusedWrites.size());
  }

  @Test
  @Order(5)
  void aBurstOf64SearchesGets429sWithRetryAfterAndNoServerError() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      burst.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(cluster.node.baseUrl() + "/search?k=3"))
                  .header("Content-Type", "image/jpeg")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(SMALL))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    int ok = 0;
    int limited = 0;
    for (CompletableFuture<HttpResponse<String>> f : burst) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isIn(200, 429);
      if (r.statusCode() == 429) {
        limited++;
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("status").asInt()).isEqualTo(429);
        assertThat(error.path("error").asText()).contains("too many searches");
      } else {
        ok++;
      }
    }
    // The burst of the bucket passes (and what refills meanwhile); the rest is refused.
    assertThat(ok).isGreaterThanOrEqualTo((int) SEARCHES.burst()).isLessThan(64);
    assertThat(limited).isEqualTo(64 - ok);
    assertThat(refused("search-rate")).isEqualTo(limited);

    // Peers' routes and health are not limited, and the node is healthy.
    for (int i = 0; i < 20; i++) {
      assertThat(http.get(PeerClient.SEARCH_BY_ID_PATH + "?id=nothing-here").status())
          .isNotEqualTo(429);
      assertThat(http.get("/health/ready").status()).isEqualTo(200);
    }
    assertThat(http.get("/metrics").text())
        .containsPattern("likeness_http_refused_total\\{[^}]*reason=\"search-rate\"[^}]*} [1-9]");
    // Once the bucket refilled, the client searches again.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.postRaw("/search", SMALL, "image/jpeg").status() == 200);
  }

  /** Sends {@code request} on a new connection and reads the answer until the node closes it. */
  private String head(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", cluster.node.httpPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return HttpTestClient.readToEnd(socket);
    }
  }

  private static JsonNode json(String answer) throws IOException {
    return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }
}
