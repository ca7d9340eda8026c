package dev.likeness.app;

import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.node.LikenessNode;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code likeness node}: the indexer and API against an existing Kafka cluster. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description =
        "Runs a node (indexer + HTTP API) against a Kafka cluster. Add nodes with the same "
            + "--application-id to scale out.")
final class NodeCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Mixin NodeOptions node = new NodeOptions();

  @Override
  public Integer call() throws Exception {
    LikenessNode running =
        LikenessNode.start(node.toConfig(bootstrapServers, node.dataDir.resolve("node")));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                },
                "likeness-shutdown"));
    stopped.await();
    return 0;
  }
}
