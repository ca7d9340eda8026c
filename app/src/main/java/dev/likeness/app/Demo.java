package dev.likeness.app;

import dev.likeness.api.node.LikenessNode;
import dev.likeness.api.node.NodeConfig;
import dev.likeness.broker.KRaftBroker;
import java.nio.file.Path;
import java.time.Duration;

/** A running demo: the embedded broker and one node on it. Closing stops both, node first. */
final class Demo implements AutoCloseable {
  private final KRaftBroker broker;
  private final LikenessNode node;

  private Demo(KRaftBroker broker, LikenessNode node) {
    this.broker = broker;
    this.node = node;
  }

  /** Starts the broker under {@code dataDir/kafka} and a node under {@code dataDir/node}, and waits for it. */
  static Demo start(Path dataDir, int kafkaPort, NodeOptions options) throws Exception {
    KRaftBroker broker = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir.resolve("kafka")).withPort(kafkaPort));
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
