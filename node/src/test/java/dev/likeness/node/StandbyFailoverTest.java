package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.api.auth.ClusterSecret;
import dev.likeness.api.search.LocalIndex;
import dev.likeness.api.search.PartitionAnswers;
import dev.likeness.api.search.SearchHit;
import dev.likeness.api.search.SearchJson;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.QueryCodec;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.testing.TestImages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.ThreadMetadata;
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
 * Two nodes at the default settings (one standby replica): each keeps a standby copy of the other's
 * partition with its in-memory index in step, answers from it while the other is gone (flagged
 * stale, never partial), and takes the partition over without rebuilding the index, and without
 * waiting for the transaction the dead node had open to time out.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandbyFailoverTest {
  private static final String APP = "standby-test";
  private static final int SEEDS = 16;

  private KRaftBroker broker;
  private LikenessNode nodeA;
  private HttpTestClient httpA;
  private NodeProcess.Started nodeB;
  private HttpTestClient httpB;
  private int partitionOfB;
  private final Map<String, byte[]> images = new LinkedHashMap<>();
  private final FeatureExtractor extractor = new FeatureExtractor();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0));
    NodeConfig a =
        NodeConfig.builder(broker.bootstrapServers(), tmp.resolve("a"))
            .clusterSecret(TestCluster.SECRET)
            .partitions(2)
            .httpHost("127.0.0.1")
            .httpPort(0)
            .advertisedHost("127.0.0.1")
            .applicationId(APP)
            .streamThreads(1)
            .replicationFactor((short) 1)
            .build();
    assertThat(a.standbyReplicas()).as("standbys are on by default").isEqualTo(1);
    nodeA = LikenessNode.start(a);
    nodeA.awaitRunning(Duration.ofSeconds(60));
    httpA = new HttpTestClient(nodeA.baseUrl());
    nodeB = NodeProcess.start(broker.bootstrapServers(), tmp.resolve("b"), APP);
    httpB = new HttpTestClient(nodeB.url());
    // One active partition each, and each holds a standby of the other's.
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                tasks(nodeA, true) == 1
                    && tasks(nodeA, false) == 1
                    && httpB.get("/health/ready").status() == 200);
    partitionOfB = 1 - activePartition(nodeA);

    for (Path seed : TestImages.seeds().subList(0, SEEDS)) {
      String id = seed.getFileName().toString().replace(".jpg", "");
      byte[] bytes = Files.readAllBytes(seed);
      images.put(id, bytes);
      Answer posted = httpA.postMultipart("/images", bytes, "seed.jpg", Map.of("id", id));
      assertThat(posted.status()).as(posted.text()).isEqualTo(202);
    }
    for (String id : images.keySet()) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> httpA.get("/images/" + id).status() == 200);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (nodeB != null) {
      nodeB.process().destroyForcibly().waitFor();
    }
    if (nodeA != null) {
      nodeA.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static int tasks(LikenessNode node, boolean active) {
    int n = 0;
    for (ThreadMetadata t : node.streams().metadataForLocalThreads()) {
      n += active ? t.activeTasks().size() : t.standbyTasks().size();
    }
    return n;
  }

  private static int activePartition(LikenessNode node) {
    for (ThreadMetadata t : node.streams().metadataForLocalThreads()) {
      for (var task : t.activeTasks()) {
        return task.taskId().partition();
      }
    }
    throw new IllegalStateException("no active task");
  }

  private int partitionOf(String id) {
    return nodeA
        .streams()
        .queryMetadataForKey(ImageTopology.STORE, id, new StringSerializer())
        .partition();
  }

  private List<String> idsOn(int partition) {
    return images.keySet().stream().filter(id -> partitionOf(id) == partition).toList();
  }

  private MatchFeatures query(String id) throws Exception {
    return extractor.queryFeatures(images.get(id));
  }

  /** What node A's standby copy of B's partition finds for {@code query}. */
  private List<String> standbyHits(MatchFeatures query) {
    PartitionAnswers a =
        new LocalIndex(nodeA.streams()).search(query, 10, 48, Set.of(partitionOfB), true);
    assertThat(a.stale()).as("answered by the standby copy").containsKey(partitionOfB);
    return a.hits().stream().map(SearchHit::id).toList();
  }

  /** What node B's active copy of its partition finds for {@code query}, asked over HTTP. */
  private List<String> activeHits(MatchFeatures query) {
    JsonObject body =
        new JsonObject()
            .put("query", QueryCodec.encode(query))
            .put("k", 10)
            .put("threshold", 48)
            .put("partitions", new JsonArray().add(partitionOfB))
            .put("stale", false);
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    // Signed as a peer of the cluster signs it: the internal routes serve nobody else.
    long now = Instant.now().getEpochSecond();
    Answer answer =
        httpB.send(
            "POST",
            "/internal/search",
            bytes,
            Map.of(
                "content-type",
                "application/json",
                ClusterSecret.TIMESTAMP_HEADER,
                Long.toString(now),
                ClusterSecret.SIGNATURE_HEADER,
                TestCluster.SECRET.sign("POST", "/internal/search", now, bytes)));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    PartitionAnswers a = SearchJson.internalAnswers(new JsonObject(answer.text()));
    assertThat(a.fresh()).containsExactly(partitionOfB);
    return a.hits().stream().map(SearchHit::id).toList();
  }

  private double fencedTransactions() {
    Counter fenced = nodeA.registry().find("likeness.transactions.fenced").counter();
    return fenced == null ? 0 : fenced.count();
  }

  private long indexBuilds() {
    Timer builds = nodeA.registry().find("likeness.index.builds").timer();
    return builds == null ? 0 : builds.count();
  }

  @Test
  @Order(1)
  void theStandbyIndexEqualsTheActiveOneAfterPutsAndDeletes() throws Exception {
    List<String> onB = idsOn(partitionOfB);
    assertThat(onB).as("seeds on B's partition").hasSizeGreaterThan(2);
    for (String id : images.keySet()) {
      MatchFeatures q = query(id);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(standbyHits(q)).isEqualTo(activeHits(q)));
    }
    assertThat(standbyHits(query(onB.get(0)))).contains(onB.get(0));

    List<String> deleted = onB.subList(0, 2);
    for (String id : deleted) {
      assertThat(httpA.delete("/images/" + id).status()).isEqualTo(202);
    }
    for (String id : deleted) {
      MatchFeatures q = query(id);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                List<String> standby = standbyHits(q);
                assertThat(standby).doesNotContain(id).isEqualTo(activeHits(q));
              });
    }
    for (String id : deleted) {
      images.remove(id);
    }
  }

  /** Ids not used yet that fall on B's partition. */
  private List<String> newIdsOnB(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; ids.size() < count; i++) {
      if (partitionOf(prefix + i) == partitionOfB) {
        ids.add(prefix + i);
      }
    }
    return ids;
  }

  private List<String> openTransactions(Admin admin) throws Exception {
    return admin
        .listTransactions(
            new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
        .all()
        .get()
        .stream()
        .map(TransactionListing::transactionalId)
        .filter(id -> id.startsWith(APP + "-"))
        .toList();
  }

  @Test
  @Order(2)
  void whileANodeIsDeadItsPartitionIsAnsweredFromTheStandbyAndTakenOverWithoutARebuild()
      throws Exception {
    List<String> onB = idsOn(partitionOfB);
    long buildsBefore = indexBuilds();
    double fencedBefore = fencedTransactions();
    // B is killed while it indexes, in the middle of a transaction: its new owner must not wait
    // for the broker to time that transaction out (a minute).
    byte[] busy = images.values().iterator().next();
    boolean leftOpen;
    HttpTestClient publisher = new HttpTestClient(nodeA.baseUrl());
    AtomicBoolean publishing = new AtomicBoolean(true);
    // Images keep coming to B's partition, so that B always has a transaction open.
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> {
              for (String id : newIdsOnB("busy-", 400)) {
                if (!publishing.get()) {
                  return;
                }
                publisher.postMultipart("/images", busy, "busy.jpg", Map.of("id", id));
              }
            });
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !openTransactions(admin).isEmpty());
      nodeB.process().destroyForcibly().waitFor();
      publishing.set(false);
      // A is idle: an open transaction now is the one B died in.
      leftOpen = !openTransactions(admin).isEmpty();
    }
    load.join();
    long killed = System.nanoTime();

    // Every answer covers every partition: B's from the standby here, said to be stale.
    int staleAnswers = 0;
    // A standby may not have an image yet: it answers 503 for an id it lacks, not 404.
    String neverIndexed = newIdsOnB("never-", 1).get(0);
    int unsureAnswers = 0;
    boolean fresh = false;
    while (!fresh) {
      // Session timeout (6 s), a rebalance, the departed thread's transaction fenced.
      assertThat(System.nanoTime() - killed)
          .as("fresh again within 30 s of the kill")
          .isLessThan(Duration.ofSeconds(30).toNanos());
      for (String id : onB) {
        Answer byId = httpA.get("/search?id=" + id);
        assertThat(byId.status()).as(byId.text()).isEqualTo(200);
        JsonNode json = byId.json();
        assertThat(json.path("partial").asBoolean()).as(json.toString()).isFalse();
        assertThat(json.path("matches").get(0).path("id").asText()).isEqualTo(id);
        Answer byImage = httpA.postRaw("/search", images.get(id), "image/jpeg");
        assertThat(byImage.json().path("partial").asBoolean()).as(byImage.text()).isFalse();
        assertThat(byImage.json().path("matches").get(0).path("id").asText()).isEqualTo(id);
        Answer unknown = httpA.get("/images/" + neverIndexed);
        assertThat(unknown.status()).as(unknown.text()).isIn(404, 503);
        if (unknown.status() == 503) {
          unsureAnswers++;
        }
        if (json.path("stale").asBoolean()) {
          staleAnswers++;
          assertThat(json.path("stalePartitions").toString())
              .contains("\"partition\":" + partitionOfB);
        } else {
          fresh = tasks(nodeA, true) == 2;
        }
      }
    }
    assertThat(staleAnswers).as("answers given by the standby before the take-over").isPositive();
    assertThat(unsureAnswers)
        .as("lookups of an unknown id while only the standby answered")
        .isPositive();
    assertThat(httpA.get("/images/" + neverIndexed).status()).isEqualTo(404);
    if (leftOpen) {
      assertThat(fencedTransactions())
          .as("B's open transaction fenced by A")
          .isGreaterThan(fencedBefore);
    }
    // The standby's index was current: taking the partition over built nothing.
    assertThat(indexBuilds()).isEqualTo(buildsBefore);
    List<String> all = new ArrayList<>(images.keySet());
    for (String id : all) {
      assertThat(httpA.get("/images/" + id).status()).isEqualTo(200);
    }
  }
}
