package dev.likeness.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (combined broker + controller, KRaft mode) running inside this JVM: alone, or
 * as one member of a quorum of such brokers, each in its own process or machine.
 *
 * <p>All state lives under {@link Settings#dataDir()}: the Kafka log directory (which also holds
 * the {@code __cluster_metadata} log) is {@code dataDir/kafka-logs}. The directory is formatted on
 * the first start only; later starts on the same directory reuse its cluster id, topics and
 * records. The members of a quorum are formatted with the same cluster id, derived from the voters
 * unless one is given.
 *
 * <p>The quorum uses a static {@code controller.quorum.voters} (kraft.version 0). Alone, the
 * controller port may differ from one start to the next; in a quorum, each member's port is the one
 * in its voter entry.
 */
public final class KRaftBroker implements AutoCloseable {

  /** Default {@code message.max.bytes}: 20 MiB, so 16 MiB images plus headers fit. */
  public static final int DEFAULT_MESSAGE_MAX_BYTES = 20 * 1024 * 1024;

  /** Default bound on how long {@link #start} waits for the broker to serve requests. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  static final String LOG_DIR_NAME = "kafka-logs";
  private static final int NO_PORT = -1;
  static final String PROPERTIES_FILE_NAME = "server.properties";
  private static final String META_PROPERTIES = "meta.properties";
  private static final int PORT_ATTEMPTS = 5;
  private static final Duration ABORT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(KRaftBroker.class);

  /**
   * How to run the broker: alone (the default), or as one member of a static KRaft quorum of
   * combined broker + controller nodes.
   *
   * <p>Members of a quorum cannot serve until a majority of the voters is up, so start them
   * together: {@link #start} of the first one waits for the others up to {@link #startupTimeout()}.
   *
   * @param dataDir where the log directory and metadata live (created if missing)
   * @param nodeId this broker's {@code node.id}; in a quorum, its entry among the voters
   * @param host host to bind the client and controller listeners to
   * @param advertisedHost host clients and the other members use to reach this broker
   * @param port PLAINTEXT port for clients; 0 picks a free port
   * @param controllerPort CONTROLLER port; 0 means this node's voter entry, or a free port when
   *     alone
   * @param quorumVoters the controller quorum; empty means this node alone
   * @param clusterId the cluster id a fresh data directory is formatted with; empty means one
   *     derived from the voters ({@link QuorumVoters#derivedClusterId()}), or a random one when
   *     alone
   * @param messageMaxBytes broker {@code message.max.bytes} (the topic default)
   * @param startupTimeout how long {@link #start} may take before it fails
   * @param extraProperties broker properties applied last, overriding the defaults
   * @param saslListener a second client listener on which clients authenticate, if any
   */
  public record Settings(
      Path dataDir,
      int nodeId,
      String host,
      String advertisedHost,
      int port,
      int controllerPort,
      Optional<QuorumVoters> quorumVoters,
      Optional<String> clusterId,
      int messageMaxBytes,
      Duration startupTimeout,
      Map<String, String> extraProperties,
      Optional<SaslListener> saslListener) {

    public Settings {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(startupTimeout, "startupTimeout");
      quorumVoters = quorumVoters == null ? Optional.empty() : quorumVoters;
      saslListener = saslListener == null ? Optional.empty() : saslListener;
      clusterId = clusterId == null ? Optional.empty() : clusterId.filter(id -> !id.isBlank());
      advertisedHost = advertisedHost == null || advertisedHost.isBlank() ? host : advertisedHost;
      if (nodeId < 0) {
        throw new IllegalArgumentException("node id must not be negative: " + nodeId);
      }
      checkPort("port", port);
      checkPort("controller port", controllerPort);
      if (messageMaxBytes <= 0) {
        throw new IllegalArgumentException("messageMaxBytes must be positive: " + messageMaxBytes);
      }
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
      }
      if (isWildcard(advertisedHost)) {
        throw new IllegalArgumentException(
            "cannot advertise the wildcard address "
                + advertisedHost
                + ": give an advertised host");
      }
      if (quorumVoters.isPresent()) {
        QuorumVoters voters = quorumVoters.get();
        int id = nodeId;
        QuorumVoters.Voter self =
            voters
                .voter(id)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "node id "
                                + id
                                + " is not one of the controller quorum voters "
                                + voters));
        if (controllerPort != 0 && controllerPort != self.port()) {
          throw new IllegalArgumentException(
              "controller port "
                  + controllerPort
                  + " disagrees with this node's voter entry "
                  + self);
        }
        controllerPort = self.port();
      }
      if (clusterId.isPresent()) {
        try {
          Uuid.fromString(clusterId.get());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "cluster id " + clusterId.get() + " is not a Kafka id (22 characters of base64)", e);
        }
      }
      dataDir = dataDir.toAbsolutePath();
      extraProperties = Map.copyOf(extraProperties == null ? Map.of() : extraProperties);
    }

    private static void checkPort(String what, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(what + " out of range: " + port);
      }
    }

    private static boolean isWildcard(String host) {
      return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** Alone on 127.0.0.1, free ports, 20 MiB messages, 60 s startup timeout. */
    public static Settings defaults(Path dataDir) {
      return builder(dataDir).build();
    }

    /** A builder starting from {@link #defaults}. */
    public static Builder builder(Path dataDir) {
      return new Builder(dataDir);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
      return new Builder(dataDir)
          .nodeId(nodeId)
          .host(host)
          .advertisedHost(advertisedHost)
          .port(port)
          .controllerPort(controllerPort)
          .quorumVoters(quorumVoters.orElse(null))
          .clusterId(clusterId.orElse(null))
          .messageMaxBytes(messageMaxBytes)
          .startupTimeout(startupTimeout)
          .extraProperties(extraProperties)
          .saslListener(saslListener.orElse(null));
    }

    public Settings withPort(int newPort) {
      return toBuilder().port(newPort).build();
    }

    public Settings withHost(String newHost) {
      return toBuilder().host(newHost).advertisedHost(newHost).build();
    }

    public Settings withStartupTimeout(Duration newTimeout) {
      return toBuilder().startupTimeout(newTimeout).build();
    }

    /** Adds one extra property to those already set. */
    public Settings withProperty(String key, String value) {
      return toBuilder().property(key, value).build();
    }

    /** Voters in the quorum: 1 when alone. */
    public int quorumSize() {
      return quorumVoters.map(QuorumVoters::size).orElse(1);
    }

    /**
     * Replicas of the topics the broker creates by default: three once the quorum has three
     * members, so one may be down; otherwise one per member.
     */
    public int defaultReplicationFactor() {
      return Math.min(3, quorumSize());
    }

    /** With three replicas, acks=all means "two have it", so one broker may be down. */
    public int defaultMinInsyncReplicas() {
      return defaultReplicationFactor() >= 3 ? 2 : 1;
    }

    /** The cluster id this broker must have, when it is fixed by the settings. */
    Optional<String> expectedClusterId() {
      return clusterId.or(() -> quorumVoters.map(QuorumVoters::derivedClusterId));
    }

    /** The quorum, with this node alone at {@code chosenControllerPort} when none is given. */
    QuorumVoters votersWith(int chosenControllerPort) {
      return quorumVoters.orElseGet(
          () -> QuorumVoters.alone(nodeId, advertisedHost, chosenControllerPort));
    }

    /** Builds {@link Settings}; every setting starts at its {@link #defaults} value. */
    public static final class Builder {
      private final Path dataDir;
      private int nodeId = 1;
      private String host = "127.0.0.1";
      private String advertisedHost;
      private int port;
      private int controllerPort;
      private QuorumVoters quorumVoters;
      private String clusterId;
      private int messageMaxBytes = DEFAULT_MESSAGE_MAX_BYTES;
      private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
      private final Map<String, String> extraProperties = new LinkedHashMap<>();
      private SaslListener saslListener;

      private Builder(Path dataDir) {
        this.dataDir = dataDir;
      }

      /** This broker's node id (default 1). */
      public Builder nodeId(int nodeId) {
        this.nodeId = nodeId;
        return this;
      }

      /**
       * Host to bind (default 127.0.0.1); also advertised unless {@link #advertisedHost} is set.
       */
      public Builder host(String host) {
        this.host = host;
        return this;
      }

      /** Host clients and the other members use (default: the bind host). */
      public Builder advertisedHost(String advertisedHost) {
        this.advertisedHost = advertisedHost;
        return this;
      }

      /** Client port; 0 (the default) picks a free one. */
      public Builder port(int port) {
        this.port = port;
        return this;
      }

      /** Controller port; 0 (the default) means the voter entry, or a free port when alone. */
      public Builder controllerPort(int controllerPort) {
        this.controllerPort = controllerPort;
        return this;
      }

      /** The controller quorum this broker is one of; null (the default) means alone. */
      public Builder quorumVoters(QuorumVoters quorumVoters) {
        this.quorumVoters = quorumVoters;
        return this;
      }

      /** The cluster id to format with; null (the default) derives it or, alone, picks one. */
      public Builder clusterId(String clusterId) {
        this.clusterId = clusterId;
        return this;
      }

      public Builder messageMaxBytes(int messageMaxBytes) {
        this.messageMaxBytes = messageMaxBytes;
        return this;
      }

      public Builder startupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
        return this;
      }

      /** Replaces the extra properties. */
      public Builder extraProperties(Map<String, String> properties) {
        extraProperties.clear();
        extraProperties.putAll(properties);
        return this;
      }

      /** Adds one broker property, applied last. */
      public Builder property(String key, String value) {
        extraProperties.put(key, value);
        return this;
      }

      /** A second client listener where clients authenticate with SASL; null (default) for none. */
      public Builder saslListener(SaslListener saslListener) {
        this.saslListener = saslListener;
        return this;
      }

      public Settings build() {
        return new Settings(
            dataDir,
            nodeId,
            host,
            advertisedHost,
            port,
            controllerPort,
            Optional.ofNullable(quorumVoters),
            Optional.ofNullable(clusterId),
            messageMaxBytes,
            startupTimeout,
            extraProperties,
            Optional.ofNullable(saslListener));
      }
    }
  }

  private final Settings settings;
  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String saslBootstrapServers;
  private final String clusterId;
  private final boolean formatted;
  private final DataDirLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KRaftBroker(
      Settings settings,
      KafkaRaftServer server,
      String bootstrapServers,
      String saslBootstrapServers,
      String clusterId,
      boolean formatted,
      DataDirLock lock) {
    this.saslBootstrapServers = saslBootstrapServers;
    this.lock = lock;
    this.settings = settings;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.clusterId = clusterId;
    this.formatted = formatted;
  }

  /**
   * Formats {@code dataDir} if needed, starts the broker and returns once it answers an Admin
   * {@code describeCluster}.
   *
   * @throws BrokerStartException if formatting fails, the ports cannot be bound or the broker is
   *     not ready within {@link Settings#startupTimeout()}
   */
  public static KRaftBroker start(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    try {
      Files.createDirectories(settings.dataDir());
    } catch (IOException e) {
      throw new BrokerStartException("Cannot create " + settings.dataDir(), e);
    }

    DataDirLock lock = DataDirLock.acquire(settings.dataDir());
    try {
      return startLocked(settings, lock);
    } catch (RuntimeException | Error e) {
      lock.release();
      throw e;
    }
  }

  private static KRaftBroker startLocked(Settings settings, DataDirLock lock) {
    long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
    Path logDir = settings.dataDir().resolve(LOG_DIR_NAME);
    BrokerStartException lastBindFailure = null;
    boolean formattedAny = false;
    // Only retry when we chose the ports ourselves: a free port may be taken between probe and
    // bind.
    int attempts = settings.port() == 0 && settings.controllerPort() == 0 ? PORT_ATTEMPTS : 1;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      int port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
      int controllerPort =
          settings.controllerPort() == 0
              ? freePort(settings.host(), port)
              : settings.controllerPort();
      int saslPort =
          settings.saslListener().isPresent()
              ? freePort(settings.host(), port, controllerPort)
              : NO_PORT;
      Properties props = brokerProperties(settings, logDir, port, controllerPort, saslPort);
      writeProperties(settings.dataDir().resolve(PROPERTIES_FILE_NAME), props);

      List<Path> storageDirs = storageDirectories(props);
      formattedAny |= formatIfNeeded(settings.dataDir(), storageDirs, settings.expectedClusterId());
      String clusterId =
          storageDirs.stream()
              .map(KRaftBroker::readClusterId)
              .flatMap(Optional::stream)
              .findFirst()
              .orElseThrow(
                  () ->
                      new BrokerStartException(
                          "No cluster.id in the meta.properties of " + storageDirs));
      Optional<String> expected = settings.expectedClusterId();
      if (expected.isPresent() && !expected.get().equals(clusterId)) {
        // A member of another cluster would only be refused by its peers, again and again.
        throw new BrokerStartException(
            settings.dataDir()
                + " belongs to cluster "
                + clusterId
                + ", not to "
                + expected.get()
                + " (the cluster id given, or the one derived from the quorum voters): give"
                + " --cluster-id "
                + clusterId
                + " or an empty data directory");
      }

      KafkaConfig config;
      try {
        config = new KafkaConfig(props, false);
      } catch (RuntimeException e) {
        throw new BrokerStartException("Invalid broker configuration: " + e.getMessage(), e);
      }
      String bootstrap = settings.advertisedHost() + ":" + port;
      long t0 = System.nanoTime();
      KafkaRaftServer server;
      try {
        // Reads meta.properties and locks the log directories (fails if another broker holds them).
        server = new KafkaRaftServer(config, Time.SYSTEM);
      } catch (RuntimeException e) {
        throw new BrokerStartException(
            "Cannot open the broker's storage under " + settings.dataDir() + ": " + e.getMessage(),
            e);
      }
      try {
        startAndAwait(server, bootstrap, deadline);
        if (settings.saslListener().isPresent() && settings.saslListener().get().scram()) {
          ScramUsers.create(bootstrap, settings.saslListener().get(), deadline);
        }
      } catch (BrokerStartException e) {
        if (!stopQuietly(server)) {
          // A half-stopped broker may still write to the directory: keep it locked in this JVM.
          lock.keepHeld();
          throw e;
        }
        if (attempt < attempts && isBindFailure(e) && System.nanoTime() < deadline) {
          log.warn(
              "Port {} or {} was taken before the broker bound it; retrying with new ports",
              port,
              controllerPort);
          lastBindFailure = e;
          continue;
        }
        throw e;
      }
      log.info(
          "Kafka broker ready at {} (cluster {}, data {}, {} in {} ms)",
          bootstrap,
          clusterId,
          settings.dataDir(),
          formattedAny ? "formatted" : "reused",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      String saslBootstrap =
          saslPort == NO_PORT ? null : settings.advertisedHost() + ":" + saslPort;
      return new KRaftBroker(
          settings, server, bootstrap, saslBootstrap, clusterId, formattedAny, lock);
    }
    throw lastBindFailure;
  }

  /** {@code host:port} of the PLAINTEXT listener. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * {@code host:port} of the SASL listener.
   *
   * @throws IllegalStateException if the settings have no {@link SaslListener}
   */
  public String saslBootstrapServers() {
    if (saslBootstrapServers == null) {
      throw new IllegalStateException("this broker has no SASL listener");
    }
    return saslBootstrapServers;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  public Settings settings() {
    return settings;
  }

  /** The KRaft cluster id, stable across restarts on the same data directory. */
  public String clusterId() {
    return clusterId;
  }

  /** Whether this start formatted the data directory (false when existing data was reused). */
  public boolean formattedOnStart() {
    return formatted;
  }

  /** Shuts the broker down cleanly and waits until it has stopped. Safe to call more than once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      lock.release();
    }
    log.info(
        "Kafka broker at {} stopped in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  // ------------------------------------------------------------------------------------------

  static Properties brokerProperties(
      Settings s, Path logDir, int port, int controllerPort, int saslPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(s.nodeId()));
    p.setProperty("controller.quorum.voters", s.votersWith(controllerPort).toString());
    p.setProperty(
        "listeners",
        "PLAINTEXT://"
            + s.host()
            + ":"
            + port
            + ",CONTROLLER://"
            + s.host()
            + ":"
            + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + s.advertisedHost() + ":" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    if (s.saslListener().isPresent()) {
      String sasl = SaslListener.NAME + "://";
      p.setProperty(
          "listeners", p.getProperty("listeners") + "," + sasl + s.host() + ":" + saslPort);
      p.setProperty(
          "advertised.listeners",
          p.getProperty("advertised.listeners") + "," + sasl + s.advertisedHost() + ":" + saslPort);
      p.setProperty(
          "listener.security.protocol.map",
          p.getProperty("listener.security.protocol.map")
              + ","
              + SaslListener.NAME
              + ":SASL_PLAINTEXT");
      s.saslListener().get().brokerProperties().forEach(p::setProperty);
    }
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logDir.toString());

    // Alone, every topic has one replica; in a quorum of three or more, three replicas of which
    // two must have a record before acks=all is answered, so one broker may be down.
    String replicas = Integer.toString(s.defaultReplicationFactor());
    String minInsync = Integer.toString(s.defaultMinInsyncReplicas());
    p.setProperty("default.replication.factor", replicas);
    p.setProperty("min.insync.replicas", minInsync);
    p.setProperty("offsets.topic.replication.factor", replicas);
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", replicas);
    p.setProperty("transaction.state.log.min.isr", minInsync);
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
    p.setProperty("share.coordinator.state.topic.min.isr", minInsync);

    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("group.streams.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.partitions", "2");

    p.setProperty("message.max.bytes", Integer.toString(s.messageMaxBytes()));
    p.setProperty("replica.fetch.max.bytes", Integer.toString(s.messageMaxBytes()));
    p.setProperty(
        "socket.request.max.bytes",
        Integer.toString(Math.max(100 * 1024 * 1024, s.messageMaxBytes() + 1024 * 1024)));

    // Small, responsive cleaner: the default 128 MiB dedupe buffer dominates a demo's heap.
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.setProperty("log.cleaner.backoff.ms", "5000");
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    p.setProperty("num.recovery.threads.per.data.dir", "1");

    s.extraProperties().forEach(p::setProperty);
    return p;
  }

  /**
   * {@code log.dirs} (or {@code log.dir}) plus {@code metadata.log.dir}, as the storage tool
   * formats them.
   */
  static List<Path> storageDirectories(Properties props) {
    String logDirs = props.getProperty("log.dirs", props.getProperty("log.dir"));
    Set<Path> dirs = new LinkedHashSet<>();
    for (String d : logDirs.split(",")) {
      if (!d.isBlank()) {
        dirs.add(Path.of(d.trim()).toAbsolutePath());
      }
    }
    String metadataDir = props.getProperty("metadata.log.dir");
    if (metadataDir != null && !metadataDir.isBlank()) {
      dirs.add(Path.of(metadataDir.trim()).toAbsolutePath());
    }
    return List.copyOf(dirs);
  }

  /**
   * Formats the storage directories that are not formatted yet. A fresh data directory gets the
   * expected cluster id, else a new one; when some directories are already formatted, the missing
   * ones get the same id.
   *
   * @return whether anything was formatted
   */
  private static boolean formatIfNeeded(
      Path dataDir, List<Path> storageDirs, Optional<String> expectedClusterId) {
    List<Path> missing =
        storageDirs.stream().filter(d -> !Files.exists(d.resolve(META_PROPERTIES))).toList();
    if (missing.isEmpty()) {
      return false;
    }
    Optional<String> existing =
        storageDirs.stream().map(KRaftBroker::readClusterId).flatMap(Optional::stream).findFirst();
    String clusterId =
        existing.or(() -> expectedClusterId).orElseGet(() -> Uuid.randomUuid().toString());
    for (Path d : storageDirs) {
      try {
        Files.createDirectories(d);
      } catch (IOException e) {
        throw new BrokerStartException("Cannot create " + d, e);
      }
    }
    Path propsFile = dataDir.resolve(PROPERTIES_FILE_NAME);
    List<String> args =
        new ArrayList<>(List.of("format", "-t", clusterId, "-c", propsFile.toString()));
    if (existing.isPresent()) {
      args.add("--ignore-formatted");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int rc;
    // StorageTool.execute returns an exit code; unlike StorageTool.main it never exits the JVM.
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(args.toArray(String[]::new), out);
    } catch (RuntimeException e) {
      throw new BrokerStartException(
          "Formatting " + missing + " failed: " + e.getMessage() + outputSuffix(output), e);
    }
    if (rc != 0) {
      throw new BrokerStartException(
          "Formatting " + missing + " failed with exit code " + rc + outputSuffix(output));
    }
    log.debug("Formatted {}: {}", missing, output.toString(StandardCharsets.UTF_8).strip());
    return true;
  }

  private static String outputSuffix(ByteArrayOutputStream output) {
    String text = output.toString(StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "" : ": " + text;
  }

  static Optional<String> readClusterId(Path logDir) {
    Path meta = logDir.resolve(META_PROPERTIES);
    if (!Files.exists(meta)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + meta, e);
    }
    return Optional.ofNullable(p.getProperty("cluster.id"));
  }

  private static void writeProperties(Path file, Properties props) {
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "Written by KRaftBroker on each start; edits are overwritten");
    } catch (IOException e) {
      throw new BrokerStartException("Cannot write " + file, e);
    }
  }

  /** Runs the blocking {@code startup()} on its own thread so the deadline applies to it too. */
  private static void startAndAwait(KafkaRaftServer server, String bootstrap, long deadline) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                server.startup();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "kraft-broker-startup");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("Interrupted while starting the broker", e);
    }
    if (failure.get() != null) {
      Throwable root = failure.get();
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String detail =
          root == failure.get()
              ? String.valueOf(root.getMessage())
              : failure.get().getMessage()
                  + " (cause: "
                  + firstBindMessage(failure.get()).orElse(String.valueOf(root))
                  + ")";
      throw new BrokerStartException("Broker startup failed: " + detail, failure.get());
    }
    if (starter.isAlive()) {
      throw new BrokerStartException(
          "Broker did not finish starting up within the startup timeout");
    }
    awaitReady(bootstrap, deadline);
  }

  private static void awaitReady(String bootstrap, long deadline) {
    Properties adminProps = new Properties();
    adminProps.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    adminProps.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "kraft-broker-readiness");
    adminProps.setProperty(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
    adminProps.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
    adminProps.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    Exception last = null;
    try (Admin admin = Admin.create(adminProps)) {
      while (true) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs <= 0) {
          break;
        }
        try {
          // The admin client retries internally until the timeout, so no sleep is needed here.
          int nodes =
              admin
                  .describeCluster(
                      new DescribeClusterOptions()
                          .timeoutMs((int) Math.min(remainingMs, Integer.MAX_VALUE)))
                  .nodes()
                  .get(remainingMs, TimeUnit.MILLISECONDS)
                  .size();
          if (nodes > 0) {
            return;
          }
        } catch (ExecutionException e) {
          last = e.getCause() instanceof Exception c ? c : e;
        } catch (TimeoutException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BrokerStartException("Interrupted while waiting for the broker", e);
        }
      }
    }
    throw new BrokerStartException(
        "Broker at "
            + bootstrap
            + " did not answer describeCluster within the startup timeout"
            + (last == null ? "" : ": " + last),
        last);
  }

  /** Kafka wraps "Socket server failed to bind to host:port" a few levels deep; surface it. */
  private static Optional<String> firstBindMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String msg = t.getMessage();
      if (msg != null && msg.contains("failed to bind")) {
        return Optional.of(msg);
      }
    }
    return Optional.empty();
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      String msg = t.getMessage();
      if (msg != null
          && (msg.contains("failed to bind") || msg.contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops a broker that failed to start. Bounded, because a broker stuck in startup may never
   * finish its shutdown; the daemon thread is then abandoned.
   */
  private static boolean stopQuietly(KafkaRaftServer server) {
    Thread stopper =
        new Thread(
            () -> {
              try {
                server.shutdown();
                server.awaitShutdown();
              } catch (RuntimeException e) {
                log.debug("Ignoring error while stopping a broker that failed to start", e);
              }
            },
            "kraft-broker-abort");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(ABORT_SHUTDOWN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      log.warn("A broker that failed to start did not shut down within {}", ABORT_SHUTDOWN_TIMEOUT);
      return false;
    }
    return true;
  }

  private static int freePort(String host, int... avoid) {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        int port = socket.getLocalPort();
        boolean clash = false;
        for (int a : avoid) {
          clash |= a == port;
        }
        if (!clash) {
          return port;
        }
      } catch (IOException e) {
        throw new BrokerStartException("Cannot find a free port on " + host, e);
      }
    }
    throw new BrokerStartException("Cannot find a free port on " + host);
  }

  /**
   * An exclusive lock on {@code dataDir/.kraft-broker.lock}, held while a broker runs. Kafka locks
   * its log directories only once the broker part starts, after the controller has already opened
   * the metadata log, so a second broker on the same directory would damage the first one's
   * metadata.
   */
  private static final class DataDirLock {
    private final Path file;
    private final FileChannel channel;
    private final FileLock fileLock;
    private volatile boolean keepHeld;

    private DataDirLock(Path file, FileChannel channel, FileLock fileLock) {
      this.file = file;
      this.channel = channel;
      this.fileLock = fileLock;
    }

    static DataDirLock acquire(Path dataDir) {
      Path file = dataDir.resolve(".kraft-broker.lock");
      FileChannel channel = null;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock fileLock = channel.tryLock();
        if (fileLock == null) {
          throw new BrokerStartException(dataDir + " is in use by a broker in another process");
        }
        return new DataDirLock(file, channel, fileLock);
      } catch (OverlappingFileLockException e) {
        closeQuietly(channel);
        throw new BrokerStartException(dataDir + " is in use by another broker in this JVM", e);
      } catch (IOException e) {
        closeQuietly(channel);
        throw new BrokerStartException("Cannot lock " + file, e);
      } catch (RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
    }

    void keepHeld() {
      keepHeld = true;
    }

    void release() {
      if (keepHeld) {
        log.warn("Keeping {} locked: a broker that failed to start may still be using it", file);
        return;
      }
      try {
        fileLock.release();
      } catch (IOException e) {
        log.debug("Cannot release {}", file, e);
      }
      closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          log.debug("Cannot close lock file channel", e);
        }
      }
    }
  }

  /** Thrown when the broker cannot be formatted, started or reached in time. */
  public static final class BrokerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message) {
      super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
