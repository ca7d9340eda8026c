package dev.likeness.app;

import dev.likeness.broker.KRaftBroker;
import dev.likeness.ingest.IngestOptions;
import dev.likeness.ingest.IngestReport;
import dev.likeness.ingest.Ingester;
import dev.likeness.ingest.ProgressListener;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.node.LikenessNode;
import dev.likeness.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A running demo: the embedded broker and one node on it. Closing stops both, node first. */
final class Demo implements AutoCloseable {
  private final KRaftBroker broker;
  private final LikenessNode node;

  private Demo(KRaftBroker broker, LikenessNode node) {
    this.broker = broker;
    this.node = node;
  }

  /**
   * Starts the broker under {@code dataDir/kafka} and a node under {@code dataDir/node}, and waits
   * for it.
   */
  static Demo start(Path dataDir, int kafkaPort, NodeOptions options) throws Exception {
    KRaftBroker broker =
        KRaftBroker.start(
            KRaftBroker.Settings.defaults(dataDir.resolve("kafka")).withPort(kafkaPort));
    try {
      NodeConfig cfg = options.toConfig(broker.bootstrapServers(), dataDir.resolve("node"));
      LikenessNode node = LikenessNode.start(cfg);
      Demo demo = new Demo(broker, node);
      try {
        node.awaitRunning(Duration.ofMinutes(2));
      } catch (Exception e) {
        demo.close();
        throw e;
      }
      return demo;
    } catch (Exception e) {
      broker.close();
      throw e;
    }
  }

  /** Publishes the images under {@code folder} with path ids and {@code collection=seeds}. */
  IngestReport publish(Path folder, int maxImageBytes) throws Exception {
    try (ImagePublisher publisher =
        new ImagePublisher(
            new PublisherConfig(
                broker.bootstrapServers(),
                maxImageBytes,
                "likeness-demo",
                Map.of(),
                node.config().imagesTopic(),
                node.config().kafkaClient()))) {
      return new Ingester()
          .ingest(
              List.of(folder),
              new IngestOptions(
                  IdStrategy.PATH,
                  Map.of("collection", "seeds"),
                  maxImageBytes,
                  IngestOptions.DEFAULT_MAX_IN_FLIGHT,
                  IngestOptions.DEFAULT_BROKER_TIMEOUT),
              publisher,
              ProgressListener.NONE);
    }
  }

  KRaftBroker broker() {
    return broker;
  }

  LikenessNode node() {
    return node;
  }

  @Override
  public void close() {
    node.close();
    broker.close();
  }
}
