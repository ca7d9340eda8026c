package dev.likeness.node;

import dev.likeness.api.HttpTestClient;
import dev.likeness.api.auth.ClusterSecret;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** A real in-process broker and one node on it, on loopback, for one test class. */
final class TestCluster implements AutoCloseable {
  /** The cluster secret every test node shares, so that nodes of one test call each other. */
  static final ClusterSecret SECRET = ClusterSecret.of("the secret of the test nodes, 32 bytes");

  final KRaftBroker broker;
  private final Path dir;
  LikenessNode node;
  HttpTestClient http;

  private TestCluster(KRaftBroker broker, Path dir) {
    this.broker = broker;
    this.dir = dir;
  }

  /** Starts the broker under {@code dir/kafka}; nodes keep their state under {@code dir/node}. */
  static TestCluster start(Path dir) {
    return new TestCluster(
        KRaftBroker.start(KRaftBroker.Settings.defaults(dir.resolve("kafka")).withPort(0)), dir);
  }

  /**
   * A node config on loopback with one stream thread, two partitions and the given upload limit.
   */
  NodeConfig config(String applicationId, int maxImageBytes) {
    return NodeConfig.builder(broker.bootstrapServers(), dir.resolve("node"))
        .clusterSecret(TestCluster.SECRET)
        .partitions(2)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .advertisedHost("127.0.0.1")
        .applicationId(applicationId)
        .streamThreads(1)
        .replicationFactor((short) 1)
        .maxImageBytes(maxImageBytes)
        .build();
  }

  /** Starts a node and waits until its stores answer. */
  LikenessNode startNode(NodeConfig config) throws Exception {
    return startNode(config, Optional::empty);
  }

  /** Starts a node with a degraded-readiness check and waits until its stores answer. */
  LikenessNode startNode(NodeConfig config, Supplier<Optional<String>> degradedReason)
      throws Exception {
    node = LikenessNode.start(config, degradedReason);
    node.awaitRunning(Duration.ofSeconds(60));
    http = new HttpTestClient(node.baseUrl());
    return node;
  }

  /** The end offsets of the two partitions of the images topic of the test nodes. */
  static Map<TopicPartition, Long> imagesEndOffsets(String bootstrapServers) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        latest.put(new TopicPartition(Topics.IMAGES, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    }
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    broker.close();
  }
}
