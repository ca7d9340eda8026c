package dev.likeness.broker;

import java.nio.file.Path;

/**
 * One quorum member in a process of its own, for tests that kill brokers: {@code DATA_DIR NODE_ID
 * KAFKA_PORT VOTERS [KEY=VALUE...]} (the extra broker properties). Prints {@code READY <bootstrap>}
 * once it serves, then runs until the process is stopped or killed.
 */
public final class BrokerProcess {
  /** The line a member prints once it serves, followed by its {@code host:port}. */
  public static final String READY = "READY ";

  private BrokerProcess() {}

  public static void main(String[] args) throws Exception {
    KRaftBroker.Settings.Builder settings =
        KRaftBroker.Settings.builder(Path.of(args[0]))
            .nodeId(Integer.parseInt(args[1]))
            .port(Integer.parseInt(args[2]))
            .quorumVoters(QuorumVoters.parse(args[3]))
            .startupTimeout(BrokerQuorum.STARTUP_TIMEOUT);
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      settings.property(kv[0], kv[1]);
    }
    KRaftBroker broker = KRaftBroker.start(settings.build());
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-process-shutdown"));
    System.out.println(READY + broker.bootstrapServers());
    System.out.flush();
    Thread.currentThread().join();
  }
}
