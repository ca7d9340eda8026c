package dev.likeness.node;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.api.limit.RateLimit;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.contract.record.MetadataLimits;
import dev.likeness.contract.record.Topics;
import dev.likeness.testing.TestImages;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * What a hostile or careless client sends a real node: abandoned uploads, requests a web page of
 * another site can make, ids that are not UTF-8, repeated parameters, metadata over the limits, and
 * requests while the stream is down. Each is answered with a status that says whose fault it is,
 * and none publishes anything or leaves anything behind.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestsTest {
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final String MULTIPART = "multipart/form-data; boundary=b0undary";

  private TestCluster cluster;
  private HttpTestClient http;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    cluster = TestCluster.start(tmp);
    // Fifty uploads at once from one address: the per-client rate limits would refuse most of them
    // before their bodies are read (AbuseLimitsTest tests those); here every body is held.
    cluster.startNode(
        cluster.config("hostile-test", NodeConfig.DEFAULT_MAX_IMAGE_BYTES).toBuilder()
            .requestLimits(
                RequestLimits.DEFAULTS.withSearches(RateLimit.OFF).withWrites(RateLimit.OFF))
            .build());
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

  @Test
  @Order(1)
  void abandonedUploadsLeaveNothingHeldAndTheNodeAnswers() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sockets.add(
          HttpTestClient.unterminatedUpload(
              cluster.node.httpPort(),
              "/images?id=abandoned-" + i,
              new String(BRIDGE, 0, 64 * 1024, StandardCharsets.ISO_8859_1)));
    }
    for (Socket s : sockets) {
      s.close();
    }
    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(
            http.postMultipart("/images", BRIDGE, "b.jpg", Map.of("id", "after-abandoned"))
                .status())
        .isEqualTo(202);
    // Nothing is spooled to disk; the bodies held in memory are let go with their connections.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Pattern.compile("likeness_http_body_bytes_in_flight_bytes(\\{[^}]*\\})? 0\\.0")
                    .matcher(http.get("/metrics").text())
                    .find());
    assertThat(cluster.node.config().dataDir().resolve("uploads")).doesNotExist();
    assertThat(http.get("/images/abandoned-0").status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void requestsAWebPageOfAnotherSiteCanSendAreRefused() throws Exception {
    Map<TopicPartition, Long> before = imagesEndOffsets();
    assertError(
        http.postRaw("/images?id=cross-site", BRIDGE, "text/plain"),
        415,
        "application/octet-stream");
    assertError(
        http.postRaw("/images?id=cross-site", BRIDGE, "application/x-www-form-urlencoded"),
        415,
        "image");
    byte[] form =
        HttpTestClient.multipart(
            "b0undary", List.of(Map.entry("id", "cross-site")), BRIDGE, "b.jpg");
    assertError(
        http.send(
            "POST",
            "/images",
            form,
            Map.of("content-type", MULTIPART, "origin", "http://evil.example")),
        403,
        "another origin");
    assertError(
        http.send(
            "POST",
            "/images?id=cross-site",
            BRIDGE,
            Map.of("content-type", "application/octet-stream", "sec-fetch-site", "cross-site")),
        403,
        "another origin");
    assertError(
        http.send(
            "POST",
            "/images?id=cross-site",
            BRIDGE,
            Map.of("content-type", "image/jpeg", "origin", "null")),
        403,
        "another origin");
    assertError(
        http.send("DELETE", "/images/bridge", null, Map.of("origin", "http://localhost:1")),
        403,
        "another origin");
    assertThat(imagesEndOffsets()).isEqualTo(before);

    String own = "http://127.0.0.1:" + cluster.node.httpPort();
    Answer same =
        http.send(
            "POST",
            "/images?id=same-origin",
            BRIDGE,
            Map.of("content-type", "image/jpeg", "origin", own, "sec-fetch-site", "same-origin"));
    assertThat(same.status()).as(same.text()).isEqualTo(202);

    // A preflight learns the methods and is granted nothing.
    Answer options =
        http.send(
            "OPTIONS",
            "/images",
            null,
            Map.of("origin", "http://evil.example", "access-control-request-method", "POST"));
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.headers().firstValue("allow")).hasValue("GET, POST, OPTIONS");
    assertThat(options.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    assertThat(http.send("OPTIONS", "/images/bridge", null, Map.of()).headers().firstValue("allow"))
        .hasValue("GET, DELETE, OPTIONS");
  }

  @Test
  @Order(3)
  void idsThatAreNotUtf8Are400() {
    assertError(http.get("/images/%FF"), 400, "UTF-8");
    assertError(http.get("/images/a%C3%28b"), 400, "UTF-8");
    assertError(http.get("/images/%FF/thumbnail"), 400, "UTF-8");
    assertError(http.delete("/images/%FE"), 400, "UTF-8");
    assertError(http.get("/search?id=a%FFb"), 400, "UTF-8");
    assertError(http.postRaw("/images?id=%C0%80", BRIDGE, "image/jpeg"), 400, "UTF-8");
    // A real U+FFFD, encoded as UTF-8, is an id like any other.
    assertError(http.get("/images/%EF%BF%BD"), 404, "\uFFFD");
    assertThat(http.get("/images/bridge%20").status()).isEqualTo(404);
  }

  @Test
  @Order(4)
  void repeatedParametersAre400NamingThem() {
    assertError(http.get("/search?id=bridge&k=5&k=2000"), 400, "'k' is given 2 times");
    assertError(http.get("/search?id=bridge&threshold=5&threshold=9"), 400, "'threshold'");
    assertError(http.get("/search?id=bridge&id=other"), 400, "'id'");
    assertError(http.postRaw("/search?k=1&k=1", BRIDGE, "image/jpeg"), 400, "'k'");
    assertError(http.postRaw("/images?id=a&id=b", BRIDGE, "image/jpeg"), 400, "'id'");
    assertError(
        http.postRaw("/images?id=a&meta.x=1&meta.x=2", BRIDGE, "image/jpeg"), 400, "'meta.x'");
    byte[] form =
        HttpTestClient.multipart(
            "b0undary",
            List.of(Map.entry("meta.x", "1"), Map.entry("meta.x", "2")),
            BRIDGE,
            "b.jpg");
    assertError(http.postRaw("/images?id=a", form, MULTIPART), 400, "'meta.x'");
    assertThat(http.get("/search?id=bridge&k=5").status()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void metadataOverTheLimitsIs413AndNothingIsPublished() throws Exception {
    Map<TopicPartition, Long> before = imagesEndOffsets();
    // The reproduction: 200 fields of 8 KB each.
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      fields.add(Map.entry("meta.f" + i, "v".repeat(8192)));
    }
    assertError(
        http.postRaw(
            "/images?id=meta-bomb",
            HttpTestClient.multipart("b0undary", fields, BRIDGE, "b.jpg"),
            MULTIPART),
        413,
        "limit is " + MetadataLimits.MAX_ENTRIES);
    // Over Vert.x's own limit of a form field.
    byte[] bigField =
        HttpTestClient.multipart(
            "b0undary", List.of(Map.entry("meta.note", "v".repeat(9000))), BRIDGE, "b.jpg");
    assertError(http.postRaw("/images?id=meta-bomb", bigField, MULTIPART), 413, "8192");
    byte[] longValue =
        HttpTestClient.multipart(
            "b0undary", List.of(Map.entry("meta.note", "v".repeat(5000))), BRIDGE, "b.jpg");
    assertError(
        http.postRaw("/images?id=meta-bomb", longValue, MULTIPART),
        413,
        "limit is " + MetadataLimits.MAX_VALUE_BYTES);
    StringBuilder query = new StringBuilder("/images?id=meta-bomb");
    for (int i = 0; i <= MetadataLimits.MAX_ENTRIES; i++) {
      query.append("&meta.k").append(i).append("=v");
    }
    assertError(
        http.postRaw(query.toString(), BRIDGE, "image/jpeg"),
        413,
        "limit is " + MetadataLimits.MAX_ENTRIES);
    assertThat(imagesEndOffsets()).isEqualTo(before);
  }

  @Test
  @Order(6)
  void aStreamThatIsNotRunningIsATransient503WithRetryAfter() {
    cluster.node.streams().close(Duration.ofSeconds(20));
    for (Answer a :
        List.of(
            http.get("/images/bridge"),
            http.get("/images/bridge/thumbnail"),
            http.get("/search?id=bridge"),
            http.postRaw("/search", BRIDGE, "image/jpeg"))) {
      assertError(a, 503, "not");
      assertThat(a.headers().firstValue("retry-after")).hasValue("2");
    }
  }
}
