package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.http.SearchParams;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.ingest.cli.IngestCommand;
import dev.likeness.testing.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * The whole pipeline on a real broker: 200 photos published through the ingest command, indexed by
 * Kafka Streams into RocksDB, found through HTTP; then a delete and a restart.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIntegrationTest {
  private static final int PHOTOS = 200;

  private Path tmp;
  private KRaftBroker broker;
  private LikenessNode node;
  private HttpTestClient http;
  private final List<Path> photos = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0));
    node = startNode();
    http = new HttpTestClient(node.baseUrl());
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    photos.addAll(TestImages.writeHalves(TestImages.seeds(), dir, PHOTOS));
    assertThat(photos).as("seed photos make %d distinct images", PHOTOS).hasSize(PHOTOS);
  }

  private LikenessNode startNode() throws Exception {
    NodeConfig cfg =
        NodeConfig.builder(broker.bootstrapServers(), tmp.resolve("node"))
            .clusterSecret(TestCluster.SECRET)
            .httpPort(0)
            .build();
    LikenessNode n = LikenessNode.start(cfg);
    n.awaitRunning(Duration.ofSeconds(60));
    // RUNNING can precede queryable stores by a moment (a follow-up rebalance): wait for readiness.
    HttpTestClient client = new HttpTestClient(n.baseUrl());
    await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/health/ready").status() == 200);
    return n;
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private long indexed() {
    JsonNode health = http.get("/health").json();
    return health.path("indexedLocally").asLong(-1);
  }

  private static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  @Order(1)
  void theIngestCommandPublishesEveryPhotoAndTheNodeIndexesThem() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new IngestCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int exit =
        cli.execute(
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--quiet",
            "--meta",
            "set=it",
            tmp.resolve("photos").toString());
    assertThat(exit).as(out.toString()).isZero();

    await().atMost(Duration.ofSeconds(120)).until(() -> indexed() == PHOTOS);
  }

  @Test
  @Order(2)
  void everyPhotoIsFoundByItsOwnBytes() throws Exception {
    for (Path p : photos) {
      String id = p.getFileName().toString();
      JsonNode answer = http.postRaw("/search?k=3", Files.readAllBytes(p), "image/jpeg").json();
      JsonNode top = answer.path("matches").path(0);
      assertThat(top.path("id").asText()).as("top match for %s", id).isEqualTo(id);
      // The score of a low-quality image carries a penalty; its raw whole-image distance does not.
      assertThat(top.path("wholeDistance").asInt())
          .as("whole-image distance for %s", id)
          .isLessThanOrEqualTo(2);
      int score = top.path("distance").asInt();
      if (top.path("quality").asInt() >= 50) {
        assertThat(score).as("score for %s", id).isLessThanOrEqualTo(2);
      } else {
        assertThat(score)
            .as("score for low-quality %s", id)
            .isGreaterThan(top.path("wholeDistance").asInt());
      }
      assertThat(top.path("metadata").path("set").asText()).isEqualTo("it");
      assertThat(answer.path("partial").asBoolean()).isFalse();
    }
  }

  @Test
  @Order(3)
  void everyPhotoIsFoundByAHalfSizeReencodedCopy() throws Exception {
    int foundAtDefaultThreshold = 0;
    for (Path p : photos) {
      String id = p.getFileName().toString();
      byte[] copy =
          TestImages.jpeg(TestImages.scale(TestImages.read(Files.readAllBytes(p)), 0.5), 0.7f);
      // PDQ moves up to ~45 bits on fine stripes and dark, flat skies when halved, and the score
      // of such low-quality pictures carries a penalty: search wider, and check that nearly all
      // still match at the default threshold.
      JsonNode answer =
          http.postMultipart("/search?k=3&threshold=80", copy, "copy.jpg", Map.of()).json();
      JsonNode top = answer.path("matches").path(0);
      assertThat(top.path("id").asText()).as("top match for half-size %s", id).isEqualTo(id);
      if (top.path("distance").asInt() <= SearchParams.DEFAULT_THRESHOLD) {
        foundAtDefaultThreshold++;
      }
    }
    assertThat(foundAtDefaultThreshold)
        .as("found within the default threshold")
        .isGreaterThanOrEqualTo(PHOTOS * 95 / 100);
  }

  @Test
  @Order(4)
  void aDeleteRemovesThePhotoFromSearch() throws Exception {
    Path victim = photos.get(7);
    String id = victim.getFileName().toString();
    assertThat(http.get("/images/" + enc(id)).status()).isEqualTo(200);

    assertThat(http.delete("/images/" + enc(id)).status()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/images/" + enc(id)).status() == 404);
    JsonNode answer = http.postRaw("/search", Files.readAllBytes(victim), "image/jpeg").json();
    for (JsonNode m : answer.path("matches")) {
      assertThat(m.path("id").asText()).isNotEqualTo(id);
    }
    assertThat(indexed()).isEqualTo(PHOTOS - 1);
  }

  @Test
  @Order(5)
  void aRestartedNodeKeepsTheIndex() throws Exception {
    node.close();
    node = startNode();
    http = new HttpTestClient(node.baseUrl());

    assertThat(indexed()).isEqualTo(PHOTOS - 1);
    Path p = photos.get(42);
    JsonNode top =
        http.postRaw("/search", Files.readAllBytes(p), "image/jpeg").json().path("matches").path(0);
    assertThat(top.path("id").asText()).isEqualTo(p.getFileName().toString());
    assertThat(top.path("distance").asInt()).isLessThanOrEqualTo(2);
  }

  @Test
  @Order(6)
  void aNodeWithoutLocalStateRestoresTheIndexFromTheChangelog() throws Exception {
    node.close();
    Path state = tmp.resolve("node").resolve("state");
    try (var files = Files.walk(state)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertThat(state).doesNotExist();
    node = startNode();
    http = new HttpTestClient(node.baseUrl());

    assertThat(indexed()).isEqualTo(PHOTOS - 1);
    Path p = photos.get(99);
    JsonNode top =
        http.postRaw("/search", Files.readAllBytes(p), "image/jpeg").json().path("matches").path(0);
    assertThat(top.path("id").asText()).isEqualTo(p.getFileName().toString());
    assertThat(http.get("/images/" + enc(photos.get(7).getFileName().toString())).status())
        .isEqualTo(404);
  }
}
