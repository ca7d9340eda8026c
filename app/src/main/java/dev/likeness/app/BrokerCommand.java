package dev.likeness.app;

import dev.likeness.broker.KRaftBroker;
import dev.likeness.broker.QuorumVoters;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code likeness broker}: only the embedded KRaft broker (broker + controller), alone or as one
 * member of a quorum of such brokers.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = {
      "Runs a KRaft Kafka broker (broker + controller) in this process: alone, or as one member of "
          + "a quorum given by --controller-quorum-voters.",
      "Start the members of a quorum together: each waits for a majority before it serves."
    })
final class BrokerCommand implements Callable<Integer> {
  /** How long a quorum member waits for a majority of the voters to be up. */
  static final Duration QUORUM_STARTUP_TIMEOUT = Duration.ofMinutes(5);

  @Option(
      names = "--node-id",
      defaultValue = "1",
      description = "This broker's node id; in a quorum, its entry among the voters.")
  int nodeId;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Port for Kafka clients.")
  int kafkaPort;

  @Option(
      names = "--controller-port",
      defaultValue = "0",
      description =
          "Port of the KRaft controller; 0 means this node's entry in --controller-quorum-voters,"
              + " or a free port when alone. If given in a quorum, it must match that entry.")
  int controllerPort;

  @Option(
      names = "--controller-quorum-voters",
      defaultValue = "",
      description =
          "The controller quorum, the same on every member: id@host:port of each member's"
              + " controller, e.g. 1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097."
              + " Empty: this node alone.")
  String controllerQuorumVoters;

  @Option(
      names = "--cluster-id",
      defaultValue = "",
      description =
          "Kafka cluster id a fresh data folder is formatted with. Empty: derived from"
              + " --controller-quorum-voters (so every member agrees), or random when alone.")
  String clusterId;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface the client and controller listeners bind to.")
  String host;

  @Option(
      names = "--advertised-host",
      defaultValue = "",
      description = "Host clients and the other members use to reach this broker. Empty: --host.")
  String advertisedHost;

  @Option(
      names = "--data-dir",
      defaultValue = "likeness-data",
      description = "Folder for the broker's logs (under kafka/); one per broker.")
  Path dataDir;

  @Spec CommandSpec spec;

  /**
   * The broker settings these flags describe.
   *
   * @throws ParameterException when the flags contradict each other or the voters do not parse
   */
  KRaftBroker.Settings toSettings() {
    try {
      KRaftBroker.Settings.Builder builder =
          KRaftBroker.Settings.builder(dataDir.resolve("kafka"))
              .nodeId(nodeId)
              .port(kafkaPort)
              .controllerPort(controllerPort)
              .host(host)
              .advertisedHost(advertisedHost)
              .clusterId(clusterId);
      if (!controllerQuorumVoters.isBlank()) {
        builder
            .quorumVoters(QuorumVoters.parse(controllerQuorumVoters))
            .startupTimeout(QUORUM_STARTUP_TIMEOUT);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    KRaftBroker.Settings settings = toSettings();
    PrintWriter out = spec.commandLine().getOut();
    if (settings.quorumSize() > 1) {
      out.printf(
          "Node %d of the quorum %s: waiting for a majority of it to be up...%n",
          settings.nodeId(), settings.quorumVoters().orElseThrow());
      out.flush();
    }
    KRaftBroker broker = KRaftBroker.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "likeness-broker-shutdown"));
    out.printf(
        "Kafka broker up at %s (node %d, %d voter(s), cluster %s, data in %s). Ctrl-C to stop.%n",
        broker.bootstrapServers(),
        settings.nodeId(),
        settings.quorumSize(),
        broker.clusterId(),
        broker.dataDir().toAbsolutePath());
    out.flush();
    stopped.await();
    return 0;
  }
}
