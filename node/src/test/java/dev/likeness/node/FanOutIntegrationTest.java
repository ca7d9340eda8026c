package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.testing.TestImages;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Two nodes of one application on one broker: each hosts one partition of the index, and either
 * answers every search by fanning the hashes out to the other. When one leaves, the other takes its
 * partition over (restored from the changelog) and still answers everything.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FanOutIntegrationTest {
  private static final int IMAGES = 20;

  private KRaftBroker broker;
  private LikenessNode a;
  private LikenessNode b;
  private final List<Path> photos = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0));
    a = LikenessNode.start(config(tmp.resolve("a")));
    b = LikenessNode.start(config(tmp.resolve("b")));
    a.awaitRunning(Duration.ofSeconds(60));
    b.awaitRunning(Duration.ofSeconds(60));
    // Both instances own part of the store before anything is published.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                hosts(a).size() == 2
                    && hosts(b).size() == 2
                    && a.streams().state().isRunningOrRebalancing()
                    && new HttpTestClient(a.baseUrl()).get("/health/ready").status() == 200
                    && new HttpTestClient(b.baseUrl()).get("/health/ready").status() == 200);
    photos.addAll(TestImages.seeds().subList(0, IMAGES));
    try (ImagePublisher publisher =
        new ImagePublisher(PublisherConfig.of(broker.bootstrapServers()))) {
      for (Path p : photos) {
        publisher
            .publish(
                new ImageUpload(
                    p.getFileName().toString(),
                    Files.readAllBytes(p),
                    "image/jpeg",
                    p.getFileName().toString(),
                    Map.of(),
                    System.currentTimeMillis()))
            .get();
      }
    }
  }

  private NodeConfig config(Path dir) {
    return NodeConfig.builder(broker.bootstrapServers(), dir)
        .clusterSecret(TestCluster.SECRET)
        .partitions(2)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .advertisedHost("127.0.0.1")
        .applicationId("fanout-test")
        .streamThreads(1)
        .replicationFactor((short) 1)
        // A member that vanishes without leaving is dropped after 6 s rather than 45 s.
        .streamsOverrides(
            Map.of("consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "1000"))
        .build();
  }

  private static Set<String> hosts(LikenessNode node) {
    return node.streams().streamsMetadataForStore(ImageTopology.STORE).stream()
        .filter(m -> !m.topicPartitions().isEmpty())
        .map(m -> m.hostInfo().host() + ":" + m.hostInfo().port())
        .collect(Collectors.toSet());
  }

  private static long indexed(LikenessNode node) {
    return new HttpTestClient(node.baseUrl())
        .get("/health/ready")
        .json()
        .path("indexedLocally")
        .asLong(-1);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {b, a, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }

  @Test
  @Order(1)
  void eachNodeHoldsPartOfTheIndexAndEitherFindsEveryImage() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> indexed(a) + indexed(b) == IMAGES);
    assertThat(indexed(a)).isPositive();
    assertThat(indexed(b)).isPositive();

    for (LikenessNode entry : List.of(a, b)) {
      HttpTestClient http = new HttpTestClient(entry.baseUrl());
      for (Path p : photos) {
        String id = p.getFileName().toString();
        JsonNode answer = http.postRaw("/search?k=1", Files.readAllBytes(p), "image/jpeg").json();
        assertThat(answer.path("partial").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.path("matches").path(0).path("id").asText())
            .as("via %s", entry.baseUrl())
            .isEqualTo(id);
        assertThat(answer.path("matches").path(0).path("distance").asInt()).isZero();
        // Records and thumbnails are fetched from whichever node holds them.
        String enc = URLEncoder.encode(id, StandardCharsets.UTF_8);
        assertThat(http.get("/images/" + enc).status()).isEqualTo(200);
        assertThat(http.get("/images/" + enc + "/thumbnail").contentType()).isEqualTo("image/jpeg");
        assertThat(
                http.get("/search?k=1&id=" + enc)
                    .json()
                    .path("matches")
                    .path(0)
                    .path("id")
                    .asText())
            .isEqualTo(id);
      }
    }
  }

  /**
   * {@code GET /images} merges both nodes' partitions: either node lists every image once, in
   * order.
   */
  @Test
  @Order(1)
  void eitherNodeListsEveryImageOnceInIdOrderAcrossBothNodes() {
    await().atMost(Duration.ofSeconds(60)).until(() -> indexed(a) + indexed(b) == IMAGES);
    List<String> expected = photos.stream().map(p -> p.getFileName().toString()).sorted().toList();
    for (LikenessNode entry : List.of(a, b)) {
      HttpTestClient http = new HttpTestClient(entry.baseUrl());
      List<String> listed = new ArrayList<>();
      String next = "";
      do {
        JsonNode page =
            http.get("/images?limit=3" + (next.isEmpty() ? "" : "&after=" + next)).json();
        assertThat(page.path("partial").asBoolean()).as(page.toString()).isFalse();
        page.path("images").forEach(i -> listed.add(i.path("id").asText()));
        next = page.path("next").asText("");
      } while (!next.isEmpty());
      assertThat(listed).as("listed from " + entry.baseUrl()).isEqualTo(expected);
    }
  }

  @Test
  @Order(2)
  void aNodeWhoseIndexFailsMakesTheAnswerPartialNotAFailure() throws Exception {
    Set<String> onB = new HashSet<>();
    for (Path p : photos) {
      String id = p.getFileName().toString();
      var meta = a.streams().queryMetadataForKey(ImageTopology.STORE, id, new StringSerializer());
      if (meta.activeHost().port() == b.httpPort()) {
        onB.add(id);
      }
    }
    assertThat(onB).isNotEmpty().hasSizeLessThan(IMAGES);
    // B's stream stops without leaving the group: the group still assigns B's partition to B,
    // whose API is up but whose store no longer answers.
    b.streams().close(Duration.ofSeconds(20));

    HttpTestClient http = new HttpTestClient(a.baseUrl());
    for (Path p : photos) {
      String id = p.getFileName().toString();
      JsonNode answer = http.postRaw("/search?k=1", Files.readAllBytes(p), "image/jpeg").json();
      if (!answer.path("partial").asBoolean()) {
        break; // the group already dropped B: nothing is missing any more
      }
      assertThat(answer.path("missingPartitions")).isNotEmpty();
      assertThat(answer.path("failures").get(0).asText()).contains(":" + b.httpPort());
      if (onB.contains(id)) {
        assertThat(answer.path("matches")).isEmpty();
      } else {
        assertThat(answer.path("matches").path(0).path("id").asText()).isEqualTo(id);
      }
    }
  }

  @Test
  @Order(3)
  void whenOneNodeIsGoneTheOtherTakesItsPartitionOverAndFindsEverything() throws Exception {
    b.close();
    b = null;
    await().atMost(Duration.ofSeconds(60)).until(() -> indexed(a) == IMAGES);
    HttpTestClient http = new HttpTestClient(a.baseUrl());
    for (Path p : photos) {
      JsonNode answer = http.postRaw("/search?k=1", Files.readAllBytes(p), "image/jpeg").json();
      assertThat(answer.path("partial").asBoolean()).isFalse();
      assertThat(answer.path("matches").path(0).path("id").asText())
          .isEqualTo(p.getFileName().toString());
    }
  }
}
