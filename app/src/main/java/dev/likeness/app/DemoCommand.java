package dev.likeness.app;

import dev.likeness.api.node.LikenessNode;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.ingest.cli.SettingsDefaultProvider;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.ingest.run.IngestOptions;
import dev.likeness.ingest.run.IngestReport;
import dev.likeness.ingest.run.Ingester;
import dev.likeness.ingest.run.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code likeness demo}: a real in-process broker, one node, and the seed images. */
@Command(name = "demo", mixinStandardHelpOptions = true, showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = "Starts a single-node KRaft Kafka broker in this process, a node on it, publishes the seed "
        + "images and prints what to try. Ctrl-C stops everything; a second run reuses --data-dir.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded broker (0 picks a free one).")
  int kafkaPort;

  @Option(names = "--seeds", defaultValue = "seeds", description = "Folder of images to publish at start; missing is fine.")
  Path seeds;

  @Mixin NodeOptions node = new NodeOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    KRaftBroker broker = KRaftBroker.start(KRaftBroker.Settings.defaults(node.dataDir.resolve("kafka")).withPort(kafkaPort));
    LikenessNode running;
    try {
      running = LikenessNode.start(node.toConfig(broker.bootstrapServers(), node.dataDir.resolve("node")));
    } catch (Exception e) {
      broker.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      broker.close();
      stopped.countDown();
    }, "likeness-shutdown"));
    running.awaitRunning(Duration.ofMinutes(2));

    IngestReport report = null;
    if (Files.isDirectory(seeds)) {
      try (ImagePublisher publisher = new ImagePublisher(
          new PublisherConfig(broker.bootstrapServers(), node.maxImageBytes, "likeness-demo", Map.of()))) {
        report = new Ingester().ingest(List.of(seeds), new IngestOptions(IdStrategy.PATH, Map.of("collection", "seeds"), node.maxImageBytes),
            publisher, ProgressListener.NONE);
      }
    }
    String url = "http://localhost:" + running.httpPort();
    out.printf("%nLikeness demo is up in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
    out.printf("  Kafka bootstrap : %s%n", broker.bootstrapServers());
    out.printf("  HTTP API        : %s%n", url);
    out.printf("  Data            : %s%n", node.dataDir.toAbsolutePath());
    if (report != null) {
      out.printf("  Seeds published : %d from %s (%d failed)%n", report.published(), seeds, report.failed().size());
    } else {
      out.printf("  Seeds           : none (no folder %s)%n", seeds.toAbsolutePath());
    }
    out.printf("%nTry:%n");
    out.printf("  curl -s %s/health%n", url);
    out.printf("  curl -s -F image=@seeds/<file>.jpg '%s/search?k=5'%n", url);
    out.printf("  curl -s '%s/search?id=<file>.jpg'%n", url);
    out.printf("  curl -s -F image=@photo.jpg -F id=my-photo -F meta.owner=me %s/images%n", url);
    out.printf("  ./likeness ingest --bootstrap-servers %s ~/Pictures%n", broker.bootstrapServers());
    out.printf("  ./likeness search --url %s photo.jpg%n", url);
    out.printf("%nCtrl-C to stop.%n");
    out.flush();
    stopped.await();
    return 0;
  }
}
