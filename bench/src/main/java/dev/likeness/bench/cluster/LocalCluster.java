package dev.likeness.bench.cluster;

import dev.likeness.app.Likeness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brokers and nodes as separate JVMs on 127.0.0.1, each on fixed free ports and its own folder, so
 * that any of them can be killed and started again as it was. Closing it (or the JVM's shutdown)
 * kills every process it started.
 */
final class LocalCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;
  static final String APPLICATION_ID = "likeness-chaos";

  private final ChaosConfig config;
  private final List<ClusterBroker> brokers = new ArrayList<>();
  private final List<ClusterNode> nodes = new ArrayList<>();
  private final String bootstrapServers;
  private final Thread killer = new Thread(this::killAll, "chaos-cluster-kill");

  private LocalCluster(ChaosConfig config) throws IOException {
    this.config = config;
    Path work = config.workDir();
    String clusterId = Uuid.randomUuid().toString();
    // The nodes call each other's internal routes: they need one secret to sign them with.
    Path secret = work.resolve("cluster.secret");
    Files.createDirectories(work);
    Files.writeString(secret, Uuid.randomUuid() + "-" + Uuid.randomUuid());
    List<Integer> kafkaPorts = new ArrayList<>();
    List<Integer> controllerPorts = new ArrayList<>();
    for (int i = 0; i < config.brokers(); i++) {
      kafkaPorts.add(freePort());
      controllerPorts.add(freePort());
    }
    String voters =
        Stream.iterate(0, i -> i + 1)
            .limit(config.brokers())
            .map(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
            .collect(Collectors.joining(","));
    for (int i = 0; i < config.brokers(); i++) {
      Path dir = work.resolve("broker-" + (i + 1));
      List<String> args =
          new ArrayList<>(List.of("broker", "--kafka-port", "" + kafkaPorts.get(i)));
      args.addAll(List.of("--data-dir", dir.toString()));
      if (config.brokers() > 1) {
        args.addAll(
            List.of(
                "--node-id",
                "" + (i + 1),
                "--controller-port",
                "" + controllerPorts.get(i),
                "--controller-quorum-voters",
                voters,
                "--cluster-id",
                clusterId,
                "--host",
                "127.0.0.1"));
      }
      ChildJvm jvm =
          new ChildJvm(
              "broker-" + (i + 1),
              config.classpath(),
              config.brokerJvmOptions(),
              args,
              Map.of(),
              work.resolve("logs").resolve("broker-" + (i + 1) + ".log"));
      brokers.add(new ClusterBroker(i, kafkaPorts.get(i), controllerPorts.get(i), dir, jvm));
    }
    bootstrapServers =
        kafkaPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    for (int i = 0; i < config.nodes(); i++) {
      int port = freePort();
      Path dir = work.resolve("node-" + (i + 1));
      List<String> args =
          List.of(
              "node",
              "--bootstrap-servers",
              bootstrapServers,
              "--http-port",
              "" + port,
              "--http-host",
              "127.0.0.1",
              "--advertised-host",
              "127.0.0.1",
              "--data-dir",
              dir.toString(),
              "--application-id",
              APPLICATION_ID,
              "--instance-id",
              "chaos-node-" + (i + 1),
              "--partitions",
              "" + config.partitions(),
              "--stream-threads",
              "1",
              "--cluster-secret-file",
              secret.toString(),
              // The load comes from one address: no client rate limits.
              "--rate-limit-search",
              "0",
              "--rate-limit-write",
              "0");
      ChildJvm jvm =
          new ChildJvm(
              "node-" + (i + 1),
              config.classpath(),
              config.nodeJvmOptions(),
              args,
              config.nodeEnv(),
              work.resolve("logs").resolve("node-" + (i + 1) + ".log"));
      nodes.add(new ClusterNode(i, port, dir, jvm, new NodeClient(http, port)));
    }
  }

  /** Starts the brokers, then the nodes (the first alone, as it creates the topics). */
  static LocalCluster start(ChaosConfig config) throws Exception {
    LocalCluster cluster = new LocalCluster(config);
    Runtime.getRuntime().addShutdownHook(cluster.killer);
    try {
      for (ClusterBroker b : cluster.brokers) {
        b.jvm().start();
      }
      cluster.awaitBrokers();
      cluster.startNode(0);
      for (int i = 1; i < cluster.nodes.size(); i++) {
        cluster.nodes.get(i).jvm().start();
      }
      for (int i = 1; i < cluster.nodes.size(); i++) {
        cluster.awaitReady(i);
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /** Whether {@code likeness broker} takes the flags of a member of a KRaft quorum. */
  static boolean brokersFormQuorums() {
    return Likeness.commandLine()
            .getSubcommands()
            .get("broker")
            .getCommandSpec()
            .findOption("--controller-quorum-voters")
        != null;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  List<ClusterNode> nodes() {
    return nodes;
  }

  List<ClusterBroker> brokers() {
    return brokers;
  }

  /**
   * Starts node {@code i} and waits until it is ready; from then on it is searched. A node that
   * exits while starting is started again, up to {@link #START_ATTEMPTS} times.
   */
  void startNode(int i) throws Exception {
    ChildJvm jvm = nodes.get(i).jvm();
    for (int attempt = 1; ; attempt++) {
      jvm.start();
      try {
        awaitReady(i);
        return;
      } catch (IllegalStateException exited) {
        if (jvm.isAlive() || attempt == START_ATTEMPTS) {
          throw exited;
        }
        log.warn("{} exited while starting (attempt {}); starting it again", jvm.name(), attempt);
      }
    }
  }

  /** SIGKILLs node {@code i}; it is no longer searched. */
  void killNode(int i) throws InterruptedException {
    ClusterNode n = nodes.get(i);
    n.serving(false);
    n.killed();
    n.jvm().kill();
  }

  /** Stops node {@code i} gracefully (SIGTERM); it is no longer searched. */
  void stopNode(int i) throws InterruptedException {
    ClusterNode n = nodes.get(i);
    n.serving(false);
    n.jvm().stop(GRACE);
  }

  /** Deletes the state folder of a stopped node. */
  void wipeNode(int i) throws IOException {
    ClusterNode n = nodes.get(i);
    if (n.jvm().isAlive()) {
      throw new IllegalStateException(n.name() + " is running");
    }
    Path state = n.stateDir();
    if (Files.exists(state)) {
      try (Stream<Path> files = Files.walk(state)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  void killBroker(int i) throws InterruptedException {
    brokers.get(i).jvm().kill();
  }

  /**
   * Starts broker {@code i} again and waits until every broker is in the cluster. A broker that
   * gives up starting (its own startup timeout, reached on a busy machine) is started again, up to
   * {@link #START_ATTEMPTS} times.
   */
  void startBroker(int i) throws Exception {
    ChildJvm jvm = brokers.get(i).jvm();
    for (int attempt = 1; ; attempt++) {
      jvm.start();
      try {
        awaitBrokers();
        return;
      } catch (IllegalStateException exited) {
        if (jvm.isAlive() || attempt == START_ATTEMPTS) {
          throw exited;
        }
        log.warn("{} exited while starting (attempt {}); starting it again", jvm.name(), attempt);
      }
    }
  }

  /**
   * Waits until node {@code i}'s copies of the index are within a few records of their changelogs
   * ({@code GET /health/copies}), within the start timeout.
   */
  void awaitCopiesInSync(int i) throws Exception {
    ClusterNode n = nodes.get(i);
    long deadline = System.nanoTime() + config.startTimeout().toNanos();
    while (n.client().copiesInSync() != 200) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            n.name() + "'s copies not in sync within " + config.startTimeout());
      }
      Thread.sleep(200);
    }
    log.info("{} copies in sync", n.name());
  }

  private void awaitReady(int i) throws Exception {
    ClusterNode n = nodes.get(i);
    long deadline = System.nanoTime() + config.startTimeout().toNanos();
    while (n.client().ready() != 200) {
      if (!n.jvm().isAlive()) {
        throw new IllegalStateException(n.name() + " exited; see " + n.jvm().log());
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            n.name() + " not ready within " + config.startTimeout() + "; see " + n.jvm().log());
      }
      Thread.sleep(200);
    }
    n.serving(true);
    log.info("{} ready", n.name());
  }

  private void awaitBrokers() throws Exception {
    long deadline = System.nanoTime() + config.startTimeout().toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
      while (true) {
        for (ClusterBroker b : brokers) {
          if (!b.jvm().isAlive()) {
            throw new IllegalStateException(b.name() + " exited; see " + b.jvm().log());
          }
        }
        try {
          int up =
              admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                  .nodes()
                  .get(5, TimeUnit.SECONDS)
                  .size();
          if (up == brokers.size()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // not up yet
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("brokers not up within " + config.startTimeout());
        }
        Thread.sleep(200);
      }
    }
  }

  private void killAll() {
    for (ClusterNode n : nodes) {
      n.serving(false);
    }
    Stream.concat(nodes.stream().map(ClusterNode::jvm), brokers.stream().map(ClusterBroker::jvm))
        .forEach(
            jvm -> {
              try {
                jvm.kill();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
