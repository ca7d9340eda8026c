package dev.likeness.node;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.indexer.topology.IndexerMetrics;
import dev.likeness.testing.TestImages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
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
 * A node whose peer holds a partition but cannot be reached (its stream runs; nothing answers at
 * the address it advertises), with no standby copy anywhere: lookups of that partition's ids are a
 * transient 503 with {@code Retry-After}, searches are partial, and readiness says DEGRADED with
 * the partition, until the peer leaves and the node takes the partition over. (With standbys, the
 * default, the node answers from its copy instead: {@code StandbyFailoverTest}.)
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnreachablePeerTest {
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final String APP = "unreachable-peer-test";

  private TestCluster cluster;
  private HttpTestClient http;
  private KafkaStreams peer;
  private int deadPort;
  private String idOnPeer;
  private int peerPartition;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    cluster = TestCluster.start(tmp);
    NodeConfig config =
        cluster.config(APP, NodeConfig.DEFAULT_MAX_IMAGE_BYTES).toBuilder()
            .standbyReplicas(0)
            .streamsOverrides(
                Map.of(
                    "consumer.session.timeout.ms",
                    "6000",
                    "consumer.heartbeat.interval.ms",
                    "1000"))
            .build();
    cluster.startNode(config);
    http = cluster.http;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort(); // free once closed: connections to it are refused
    }
    peer = bareMember(tmp.resolve("peer"), config.bootstrapServers());
    peer.start();
    KafkaStreams node = cluster.node.streams();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                node.state() == KafkaStreams.State.RUNNING
                    && peer.state() == KafkaStreams.State.RUNNING
                    && ownerPort(node, "probe") > 0
                    && node.streamsMetadataForStore(ImageTopology.STORE).stream()
                            .filter(m -> !m.topicPartitions().isEmpty())
                            .count()
                        == 2);
    for (int i = 0; idOnPeer == null; i++) {
      if (ownerPort(node, "id-" + i) == deadPort) {
        idOnPeer = "id-" + i;
      }
    }
    peerPartition =
        node.queryMetadataForKey(ImageTopology.STORE, idOnPeer, new StringSerializer()).partition();
  }

  private static int ownerPort(KafkaStreams streams, String id) {
    KeyQueryMetadata meta =
        streams.queryMetadataForKey(ImageTopology.STORE, id, new StringSerializer());
    return meta == null || meta.activeHost() == null ? -1 : meta.activeHost().port();
  }

  /** A member of the node's application that runs the same topology and serves no HTTP at all. */
  private KafkaStreams bareMember(Path dir, String bootstrapServers) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + deadPort);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
    props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1000);
    ImageTopology indexer =
        new ImageTopology(
            new FeatureExtractor(),
            new IndexerMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC());
    props.putAll(indexer.streamsConfig());
    KafkaStreams streams =
        new KafkaStreams(indexer.build(new TopologyConfig(new StreamsConfig(props))), props);
    streams.setGlobalStateRestoreListener(indexer.restoreListener());
    return streams;
  }

  @AfterAll
  void stop() {
    if (peer != null) {
      peer.close(Duration.ofSeconds(20));
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void lookupsOnTheUnreachablePeerAre503WithRetryAfter() {
    for (Answer a :
        List.of(
            http.get("/images/" + idOnPeer),
            http.get("/images/" + idOnPeer + "/thumbnail"),
            http.get("/search?id=" + idOnPeer))) {
      assertError(a, 503, "127.0.0.1:" + deadPort);
      assertThat(a.json().path("error").asText()).contains("did not answer");
      assertThat(a.headers().firstValue("retry-after")).hasValue("2");
    }
  }

  @Test
  @Order(2)
  void searchesArePartialAndReadinessSaysWhichPartitionIsMissing() {
    JsonNode answer = http.postRaw("/search", BRIDGE, "image/jpeg").json();
    assertThat(answer.path("partial").asBoolean()).as(answer.toString()).isTrue();
    assertThat(answer.path("missingPartitions").get(0).asInt()).isEqualTo(peerPartition);

    Answer health = http.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).as(health.text()).isEqualTo("DEGRADED");
    assertThat(health.json().path("missingPartitions").toString())
        .isEqualTo("[" + peerPartition + "]");
    assertThat(health.json().path("reason").asText()).contains("127.0.0.1:" + deadPort);
  }

  @Test
  @Order(3)
  void whenThePeerLeavesTheNodeTakesItsPartitionAndIsUpAgain() {
    peer.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(20)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.get("/images/" + idOnPeer).status() == 404
                    && http.get("/health").json().path("status").asText().equals("UP"));
    assertThat(http.get("/health").json().has("missingPartitions")).isFalse();
    assertThat(http.postRaw("/search", BRIDGE, "image/jpeg").json().path("partial").asBoolean())
        .isFalse();
  }
}
