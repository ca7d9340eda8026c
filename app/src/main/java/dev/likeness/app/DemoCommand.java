package dev.likeness.app;

import dev.likeness.api.auth.AuthMode;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.ingest.IngestReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code likeness demo}: a real in-process broker, one node, and the seed images. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description =
        "Starts a single-node KRaft Kafka broker in this process, a node on it, publishes the seed "
            + "images and prints what to try. Ctrl-C stops everything; a second run reuses --data-dir.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Port of the embedded broker (0 picks a free one).")
  int kafkaPort;

  @Option(
      names = "--seeds",
      defaultValue = "seeds",
      description = "Folder of images to publish at start; missing is fine.")
  Path seeds;

  // Open to clients on this machine: the demo is tried from the same machine.
  @Mixin NodeOptions node = new NodeOptions(AuthMode.LOOPBACK);

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    String protocol = node.kafka.settings().securityProtocol();
    if (!protocol.equals("PLAINTEXT")) {
      // The embedded broker has one PLAINTEXT listener on this machine: a secured client could
      // only fail to connect.
      throw new ParameterException(
          spec.commandLine(),
          "--kafka-config asks for security.protocol="
              + protocol
              + ", but the demo's embedded broker listens in PLAINTEXT; use `likeness node"
              + " --kafka-config` against a secured cluster");
    }
    Demo demo = Demo.start(node.dataDir, kafkaPort, node);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stopped.countDown();
                },
                "likeness-shutdown"));
    IngestReport report = Files.isDirectory(seeds) ? demo.publish(seeds, node.maxImageBytes) : null;
    printWelcome(out, demo, report, (System.nanoTime() - t0) / 1e9);
    stopped.await();
    return 0;
  }

  private void printWelcome(PrintWriter out, Demo demo, IngestReport report, double seconds) {
    String scheme = demo.node().config().tls().isPresent() ? "https" : "http";
    String url = scheme + "://localhost:" + demo.node().httpPort();
    out.printf("%nLikeness demo is up in %.1f s.%n", seconds);
    out.printf("  Kafka bootstrap : %s%n", demo.broker().bootstrapServers());
    out.printf("  HTTP API        : %s%n", url);
    out.printf("  Data            : %s%n", node.dataDir.toAbsolutePath());
    if (report != null) {
      out.printf(
          "  Seeds published : %d from %s (%d failed)%n",
          report.published(), seeds, report.failures().size());
    } else {
      out.printf("  Seeds           : none (no folder %s)%n", seeds.toAbsolutePath());
    }
    out.printf("%nTry:%n");
    out.printf("  curl -s %s/health%n", url);
    out.printf("  curl -s -F image=@seeds/<file>.jpg '%s/search?k=5'%n", url);
    out.printf("  curl -s '%s/search?id=<file>.jpg'%n", url);
    out.printf("  curl -s -F image=@photo.jpg -F id=my-photo -F meta.owner=me %s/images%n", url);
    out.printf(
        "  ./likeness ingest --bootstrap-servers %s ~/Pictures%n",
        demo.broker().bootstrapServers());
    out.printf("  ./likeness search --url %s photo.jpg%n", url);
    out.printf("%nCtrl-C to stop.%n");
    out.flush();
  }
}
