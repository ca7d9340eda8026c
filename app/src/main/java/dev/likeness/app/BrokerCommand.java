package dev.likeness.app;

import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness broker}: only the embedded single-node KRaft broker, for several nodes on one
 * machine.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description =
        "Runs a single-node KRaft Kafka broker in this process (for trying several nodes on one machine).")
final class BrokerCommand implements Callable<Integer> {
  @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the broker.")
  int kafkaPort;

  @Option(
      names = "--data-dir",
      defaultValue = "likeness-data",
      description = "Folder for the broker's logs (under kafka/).")
  Path dataDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    KRaftBroker broker =
        KRaftBroker.start(
            KRaftBroker.Settings.defaults(dataDir.resolve("kafka")).withPort(kafkaPort));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "likeness-broker-shutdown"));
    spec.commandLine()
        .getOut()
        .printf(
            "Kafka broker up at %s (data in %s). Ctrl-C to stop.%n",
            broker.bootstrapServers(), broker.dataDir().toAbsolutePath());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
