package dev.likeness.node;

import dev.likeness.api.auth.AuthMode;
import dev.likeness.api.auth.Authenticator;
import dev.likeness.api.auth.ClusterSecret;
import dev.likeness.api.auth.KeyFile;
import dev.likeness.api.auth.PeerGuard;
import dev.likeness.api.decode.DecodeBudget;
import dev.likeness.api.http.ApiServer;
import dev.likeness.api.http.StatusRoute;
import dev.likeness.api.http.WebPages;
import dev.likeness.api.metrics.MeteredVertx;
import dev.likeness.api.metrics.NodeMeters;
import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.LocalIndex;
import dev.likeness.api.search.PeerClient;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.indexer.topology.IndexerMetrics;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.ingest.topics.TopicLayout;
import dev.likeness.ingest.topics.TopicSetup;
import dev.likeness.monitor.LagGauges;
import dev.likeness.monitor.LagMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Likeness node: the Kafka Streams indexer and the HTTP API in one JVM, sharing the state
 * stores through interactive queries.
 */
public final class LikenessNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LikenessNode.class);

  /** The file in the data folder that keeps a node's instance id when none is configured. */
  static final String INSTANCE_ID_FILE = "instance-id";

  /** How long a stopping node lets the HTTP requests in flight finish. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final NodeConfig config;
  private final int httpPort;
  private final KafkaStreams streams;
  private final Object stateChanged; // notified by the stream's state listener
  private final Vertx vertx;
  private final ImagePublisher publisher;
  private final PeerClient peers;
  private final ApiServer api;
  private final NodeMeters meters;
  private final LagMonitor lag;
  private final DecodeBudget decodeBudget;
  private final Optional<TransactionFencing> fencing;
  private boolean closed;

  private LikenessNode(
      NodeConfig config,
      int httpPort,
      KafkaStreams streams,
      Object stateChanged,
      Vertx vertx,
      ImagePublisher publisher,
      PeerClient peers,
      ApiServer api,
      NodeMeters meters,
      LagMonitor lag,
      DecodeBudget decodeBudget,
      Optional<TransactionFencing> fencing) {
    this.decodeBudget = decodeBudget;
    this.fencing = fencing;
    this.config = config;
    this.httpPort = httpPort;
    this.streams = streams;
    this.stateChanged = stateChanged;
    this.vertx = vertx;
    this.publisher = publisher;
    this.peers = peers;
    this.api = api;
    this.meters = meters;
    this.lag = lag;
  }

  /** Creates the topics if missing, starts the stream and the HTTP API. */
  public static LikenessNode start(NodeConfig config) throws IOException {
    return start(config, Optional::empty);
  }

  /**
   * Like {@link #start(NodeConfig)}, with a check that makes a ready node report DEGRADED.
   *
   * @param degradedReason why the node serves stale answers (e.g. lag above {@link
   *     NodeConfig#maxReadyLag()}), if it does
   */
  public static LikenessNode start(NodeConfig config, Supplier<Optional<String>> degradedReason)
      throws IOException {
    long t0 = System.nanoTime();
    // A bad key file fails the start before anything else is set up.
    Optional<KeyFile> keys = config.apiKeysFile().map(KeyFile::load);
    ClusterSecret secret =
        config
            .clusterSecret()
            .or(() -> config.clusterSecretFile().map(ClusterSecret::fromFile))
            .orElseGet(ClusterSecret::random);
    int port = config.httpPort() == 0 ? freePort(config.httpHost()) : config.httpPort();
    int brokers;
    try (Admin admin = Admin.create(config.kafkaClient().admin(config.bootstrapServers()))) {
      TopicSetup topics = new TopicSetup(admin);
      brokers = topics.brokers();
      topics.ensure(
          new TopicLayout(
              config.partitions(),
              config.replicationFactor(),
              config.maxImageBytes(),
              config.imagesTopic()));
    }

    NodeMeters meters =
        new NodeMeters(config.applicationId(), config.advertisedHost() + ":" + port);
    MeterRegistry registry = meters.registry();
    ImageLimits limits =
        new ImageLimits(
            config.maxImageBytes(), ImageLimits.DEFAULT_MAX_PIXELS, config.decodeLongestSide());
    FeatureExtractor extractor = new FeatureExtractor(limits, true, config.keypoints());
    ImageTopology indexer =
        new ImageTopology(
            config.imagesTopic(), extractor, new IndexerMetrics(registry), Clock.systemUTC());
    Properties props = StreamsSettings.of(config, port, instanceId(config));
    StreamsSettings.replicateInternalTopics(props, config, brokers);
    props.putAll(indexer.streamsConfig());
    KafkaStreams streams =
        new KafkaStreams(indexer.build(new TopologyConfig(new StreamsConfig(props))), props);
    streams.setGlobalStateRestoreListener(indexer.restoreListener());
    streams.setStandbyUpdateListener(indexer.standbyUpdateListener());
    Object stateChanged = new Object();
    streams.setStateListener(
        (now, before) -> {
          synchronized (stateChanged) {
            stateChanged.notifyAll();
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Stream thread died; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    meters.bindStreams(streams);
    streams.start();
    Optional<TransactionFencing> fencing =
        config.exactlyOnce()
            ? Optional.of(
                TransactionFencing.start(
                    Admin.create(config.kafkaClient().admin(config.bootstrapServers())),
                    config.applicationId(),
                    () -> streams.state() == KafkaStreams.State.REBALANCING,
                    () -> ownConsumers(streams),
                    registry))
            : Optional.empty();

    Vertx vertx = MeteredVertx.create(registry);
    ImagePublisher publisher =
        new ImagePublisher(
            new PublisherConfig(
                config.bootstrapServers(),
                config.maxImageBytes(),
                config.applicationId() + "-api",
                Map.of(),
                config.imagesTopic(),
                config.kafkaClient()));
    PeerClient peers =
        new PeerClient(
            vertx, config.peerTimeout().toMillis(), secret, config.tls(), Clock.systemUTC());
    FanOutSearch search =
        new FanOutSearch(
            vertx,
            streams,
            peers,
            new HostInfo(config.advertisedHost(), port),
            config.searchPoolSize());
    meters.bindIndex(search.local());
    LagMonitor lag =
        LagMonitor.start(
            config.bootstrapServers(),
            config.applicationId(),
            config.imagesTopic(),
            config.kafkaClient());
    LagGauges.register(lag, registry);
    // Ready but DEGRADED when the indexer is further behind than the configured bound.
    Supplier<Optional<String>> degraded =
        () -> degradedReason.get().or(() -> lag.degradedReason(config.maxReadyLag()));
    DecodeBudget decodeBudget =
        new DecodeBudget(
            config.decodeBudgetBytes() > 0
                ? config.decodeBudgetBytes()
                : DecodeBudget.defaultBytes(Runtime.getRuntime().maxMemory()),
            config.requestLimits().decodeQueue());
    ApiServer api =
        new ApiServer(
            vertx,
            streams,
            search,
            extractor,
            publisher,
            config.maxImageBytes(),
            decodeBudget,
            meters.registry(),
            degraded,
            new LocalLagView(lag, streams),
            config.requestLimits().bodyTimeout());
    api.withRequestLimits(config.requestLimits(), registry);
    api.withStatusPage(
        new StatusRoute(
            streams,
            search.local(),
            registry,
            config.applicationId(),
            config.advertisedHost() + ":" + port,
            Clock.systemUTC()));
    api.withPages(new WebPages());
    keys.ifPresent(k -> k.watch(vertx, KeyFile.DEFAULT_RELOAD_INTERVAL));
    api.withPeerGuard(new PeerGuard(secret, Clock.systemUTC()))
        .withAuthentication(new Authenticator(keys, config.authMode()));
    config.tls().ifPresent(api::withTls);
    logAccess(config, keys, secret, port);
    LikenessNode node =
        new LikenessNode(
            config,
            port,
            streams,
            stateChanged,
            vertx,
            publisher,
            peers,
            api,
            meters,
            lag,
            decodeBudget,
            fencing);
    try {
      api.listen(config.httpHost(), port)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      node.close();
      throw new IOException(
          "could not listen on " + config.httpHost() + ":" + port + ": " + e.getMessage(), e);
    }
    log.info(
        "Node up in {} ms: HTTP on {}:{}, Kafka at {}, state in {}",
        (System.nanoTime() - t0) / 1_000_000,
        config.httpHost(),
        port,
        config.bootstrapServers(),
        config.dataDir().toAbsolutePath());
    return node;
  }

  private static void logAccess(
      NodeConfig config, Optional<KeyFile> keys, ClusterSecret secret, int port) {
    if (keys.isPresent()) {
      log.info(
          "API keys from {} ({} key(s), reread every {} s): every API route needs one (health and the pages are open)",
          keys.get().path(),
          keys.get().keys().size(),
          KeyFile.DEFAULT_RELOAD_INTERVAL.toSeconds());
    } else if (config.authMode() == AuthMode.NONE) {
      log.warn(
          "--auth=none: anyone who reaches {}:{} can publish and delete images; give --api-keys"
              + " to require keys",
          config.httpHost(),
          port);
    } else {
      log.info(
          "No --api-keys: search and admin routes are open; writes are {}",
          config.authMode() == AuthMode.LOOPBACK
              ? "open to loopback clients only"
              : "refused (give --api-keys, or --auth=none)");
    }
    if (config.clusterSecret().isEmpty() && config.clusterSecretFile().isEmpty()) {
      log.info(
          "No --cluster-secret-file: this node signs peer calls with a random secret, so no other"
              + " node can call its /internal routes, nor it theirs; nodes of one cluster need one"
              + " shared secret file");
    } else {
      log.info("Peer calls signed and checked with {}", secret.origin());
    }
  }

  /** Waits until the stream is RUNNING and its local stores answer queries. */
  public void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
    LocalIndex index = new LocalIndex(streams);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateChanged) {
      while (!(streams.state() == KafkaStreams.State.RUNNING && queryable(index))) {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR
            || state == KafkaStreams.State.NOT_RUNNING
            || state == KafkaStreams.State.PENDING_SHUTDOWN
            || state == KafkaStreams.State.PENDING_ERROR) {
          throw new IllegalStateException("the stream stopped: " + state);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "stream not RUNNING with queryable stores after "
                  + timeout
                  + " (state "
                  + state
                  + ")");
        }
        // State changes are signalled; stores becoming queryable are not, so look again soon.
        TimeUnit.NANOSECONDS.timedWait(
            stateChanged, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
  }

  /** The consumer client ids of this instance's stream threads; throws while it is not running. */
  private static List<String> ownConsumers(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream()
        .map(ThreadMetadata::consumerClientId)
        .toList();
  }

  private static boolean queryable(LocalIndex index) {
    try {
      index.size();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The HTTP port the API listens on. */
  public int httpPort() {
    return httpPort;
  }

  /** The base URL of the API on loopback. */
  public String baseUrl() {
    return (config.tls().isPresent() ? "https" : "http") + "://127.0.0.1:" + httpPort;
  }

  /** The HTTP API, whose routes the API description is checked against. */
  public ApiServer api() {
    return api;
  }

  /** The Kafka Streams instance. */
  public KafkaStreams streams() {
    return streams;
  }

  /** The node's meter registry. */
  public MeterRegistry registry() {
    return meters.registry();
  }

  /** The lag monitor of this node's application (latest reading, degraded reason). */
  public LagMonitor lag() {
    return lag;
  }

  /** The memory its image searches may hold in decoding at once. */
  public DecodeBudget decodeBudget() {
    return decodeBudget;
  }

  /** The configuration it runs with. */
  public NodeConfig config() {
    return config;
  }

  /** Stops HTTP, leaves the consumer group so partitions move at once, and closes everything. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // Searches in flight are answered (from the stores, still open) before the node goes.
      api.shutdown(SHUTDOWN_GRACE)
          .toCompletionStage()
          .toCompletableFuture()
          .get(SHUTDOWN_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("HTTP server did not close cleanly: {}", e.toString());
    }
    lag.close();
    fencing.ifPresent(TransactionFencing::close);
    peers.close();
    publisher.close();
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    vertx
        .close()
        .toCompletionStage()
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .exceptionally(e -> null)
        .join();
    meters.close();
    log.info("Node on port {} stopped", httpPort);
  }

  /**
   * The configured instance id, or the one kept in the data folder (made up at the first start), so
   * that a restarted node is the same member of the consumer group.
   */
  static String instanceId(NodeConfig config) throws IOException {
    if (!config.instanceId().isEmpty()) {
      return config.instanceId();
    }
    Files.createDirectories(config.dataDir());
    Path file = config.dataDir().resolve(INSTANCE_ID_FILE);
    if (Files.exists(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!kept.isEmpty()) {
        return kept;
      }
    }
    String made = config.applicationId() + "-" + UUID.randomUUID();
    Files.writeString(file, made + "\n", StandardCharsets.UTF_8);
    return made;
  }

  private static int freePort(String host) {
    try (ServerSocket s =
        new ServerSocket(
            0, 1, InetAddress.getByName(host.equals("0.0.0.0") ? "127.0.0.1" : host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
