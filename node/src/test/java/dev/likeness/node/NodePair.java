package dev.likeness.node;

import static org.awaitility.Awaitility.await;

import dev.likeness.api.search.LocalIndex;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A broker and two nodes of one application, each holding one of two partitions, with seed photos
 * published through Kafka and indexed.
 */
final class NodePair implements AutoCloseable {
  final KRaftBroker broker;
  final LikenessNode a;
  final LikenessNode b;
  final List<Path> photos;

  private NodePair(KRaftBroker broker, LikenessNode a, LikenessNode b, List<Path> photos) {
    this.broker = broker;
    this.a = a;
    this.b = b;
    this.photos = photos;
  }

  /**
   * Starts both nodes, {@code a}'s and {@code b}'s configurations adjusted by the given functions,
   * and publishes {@code images} seed photos.
   */
  static NodePair start(
      Path dir,
      String applicationId,
      int images,
      UnaryOperator<NodeConfig.Builder> a,
      UnaryOperator<NodeConfig.Builder> b)
      throws Exception {
    KRaftBroker broker =
        KRaftBroker.start(KRaftBroker.Settings.defaults(dir.resolve("kafka")).withPort(0));
    LikenessNode na = null;
    LikenessNode nb = null;
    try {
      na = LikenessNode.start(a.apply(config(broker, dir.resolve("a"), applicationId)).build());
      nb = LikenessNode.start(b.apply(config(broker, dir.resolve("b"), applicationId)).build());
      na.awaitRunning(Duration.ofSeconds(60));
      nb.awaitRunning(Duration.ofSeconds(60));
      LikenessNode x = na;
      LikenessNode y = nb;
      await().atMost(Duration.ofSeconds(60)).until(() -> owners(x) == 2 && owners(y) == 2);
      List<Path> photos = TestImages.seeds().subList(0, images);
      try (ImagePublisher publisher =
          new ImagePublisher(PublisherConfig.of(broker.bootstrapServers()))) {
        for (Path p : photos) {
          String id = p.getFileName().toString();
          publisher
              .publish(
                  new ImageUpload(
                      id,
                      Files.readAllBytes(p),
                      "image/jpeg",
                      id,
                      Map.of(),
                      System.currentTimeMillis()))
              .get();
        }
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> indexed(x) + indexed(y) == images && indexed(x) > 0 && indexed(y) > 0);
      return new NodePair(broker, na, nb, photos);
    } catch (Exception | AssertionError e) {
      for (AutoCloseable c : new AutoCloseable[] {nb, na, broker}) {
        if (c != null) {
          c.close();
        }
      }
      throw e;
    }
  }

  private static NodeConfig.Builder config(KRaftBroker broker, Path dir, String applicationId) {
    return NodeConfig.builder(broker.bootstrapServers(), dir)
        .partitions(2)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .advertisedHost("127.0.0.1")
        .applicationId(applicationId)
        .streamThreads(1)
        .standbyReplicas(0)
        .replicationFactor((short) 1);
  }

  private static long owners(LikenessNode node) {
    return node.streams().streamsMetadataForStore(ImageTopology.STORE).stream()
        .filter(m -> !m.topicPartitions().isEmpty())
        .count();
  }

  /** Images in {@code node}'s active partitions. */
  static long indexed(LikenessNode node) {
    try {
      return new LocalIndex(node.streams()).size();
    } catch (RuntimeException e) {
      return 0; // stores not queryable during a rebalance
    }
  }

  /** Whether {@code node} holds {@code id}'s partition. */
  static boolean holds(LikenessNode node, String id) {
    return node.streams()
            .queryMetadataForKey(ImageTopology.STORE, id, new StringSerializer())
            .activeHost()
            .port()
        == node.httpPort();
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {b, a, broker}) {
      try {
        c.close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }
}
