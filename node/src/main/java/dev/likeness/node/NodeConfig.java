package dev.likeness.node;

import dev.likeness.api.auth.AuthMode;
import dev.likeness.api.auth.ClusterSecret;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.api.tls.TlsFiles;
import dev.likeness.contract.kafka.KafkaClientSettings;
import dev.likeness.contract.record.Topics;
import dev.likeness.core.image.ImageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a node needs to run: where Kafka is, where to listen, where to keep state. Built with
 * {@link #builder}: every setting has a default but Kafka's address and the data folder.
 */
public final class NodeConfig {
  /** Default HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Default upload limit: 16 MiB. */
  public static final int DEFAULT_MAX_IMAGE_BYTES = 16 << 20;

  /** Default lag bound of readiness: 30 s. */
  public static final Duration DEFAULT_MAX_READY_LAG = Duration.ofSeconds(30);

  /** Default standby replicas of each partition of the index. */
  public static final int DEFAULT_STANDBY_REPLICAS = 1;

  /** Default session timeout of a node in the consumer group: 6 s, the brokers' smallest. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);

  /**
   * Default partitions of the topics a node creates: room for 12 nodes without a replay, shared
   * evenly by 2, 3, 4 or 6 (the cost on one node: bench/README.md, PartitionCostBench).
   */
  public static final int DEFAULT_PARTITIONS = 12;

  private final String bootstrapServers;
  private final String httpHost;
  private final int httpPort;
  private final String advertisedHost;
  private final Path dataDir;
  private final String applicationId;
  private final String imagesTopic;
  private final int streamThreads;
  private final int partitions;
  private final short replicationFactor;
  private final int maxImageBytes;
  private final boolean exactlyOnce;
  private final Duration peerTimeout;
  private final Map<String, String> streamsOverrides;
  private final Duration maxReadyLag;
  private final boolean keypoints;
  private final int searchThreads;
  private final int decodeLongestSide;
  private final long decodeBudgetBytes;
  private final String instanceId;
  private final int standbyReplicas;
  private final Duration sessionTimeout;

  // Access control (README "Security"): API keys, the secret of peer calls, TLS.
  private final AuthMode authMode;
  private final Path apiKeysFile;
  private final ClusterSecret clusterSecret;
  private final Path clusterSecretFile;
  private final TlsFiles tls;
  // Kafka security: the operator's client settings, for every Kafka client of the node.
  private final KafkaClientSettings kafkaClient;

  // Abuse limits of the API: rate limits, decode queue, body timeout.
  private final RequestLimits requestLimits;

  private NodeConfig(Builder b) {
    this.bootstrapServers = Objects.requireNonNull(b.bootstrapServers, "bootstrapServers");
    this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
    this.httpHost = Objects.requireNonNull(b.httpHost, "httpHost");
    this.httpPort = b.httpPort;
    this.advertisedHost = Objects.requireNonNull(b.advertisedHost, "advertisedHost");
    this.applicationId = Objects.requireNonNull(b.applicationId, "applicationId");
    this.imagesTopic = Objects.requireNonNull(b.imagesTopic, "imagesTopic");
    this.streamThreads = b.streamThreads;
    this.partitions = b.partitions;
    this.replicationFactor = b.replicationFactor;
    this.maxImageBytes = b.maxImageBytes;
    this.exactlyOnce = b.exactlyOnce;
    this.peerTimeout = Objects.requireNonNull(b.peerTimeout, "peerTimeout");
    this.streamsOverrides = Map.copyOf(b.streamsOverrides);
    this.maxReadyLag = Objects.requireNonNull(b.maxReadyLag, "maxReadyLag");
    this.keypoints = b.keypoints;
    this.searchThreads = b.searchThreads;
    this.decodeLongestSide = b.decodeLongestSide;
    this.decodeBudgetBytes = b.decodeBudgetBytes;
    this.instanceId = b.instanceId == null ? "" : b.instanceId.strip();
    this.standbyReplicas = b.standbyReplicas;
    this.sessionTimeout = Objects.requireNonNull(b.sessionTimeout, "sessionTimeout");
    this.authMode = Objects.requireNonNull(b.authMode, "authMode");
    this.apiKeysFile = b.apiKeysFile;
    this.clusterSecret = b.clusterSecret;
    this.clusterSecretFile = b.clusterSecretFile;
    this.tls = b.tls;
    require(
        apiKeysFile == null || authMode != AuthMode.NONE,
        "--auth=none and --api-keys contradict each other: give one or the other");
    require(
        clusterSecret == null || clusterSecretFile == null,
        "a cluster secret and a cluster secret file: give one or the other");
    this.kafkaClient = Objects.requireNonNull(b.kafkaClient, "kafkaClient");
    this.requestLimits = Objects.requireNonNull(b.requestLimits, "requestLimits");
    require(
        httpPort >= 0 && httpPort <= 65535,
        "HTTP port must be 0-65535 (0 picks a free one), was " + httpPort);
    require(!applicationId.isBlank(), "application id must not be blank");
    require(!imagesTopic.isBlank(), "images topic must not be blank");
    require(streamThreads >= 1, "stream threads must be at least 1, was " + streamThreads);
    require(partitions >= 1, "partitions must be at least 1, was " + partitions);
    require(
        replicationFactor >= 0, "replication factor must be at least 0 (0 means min(3, brokers))");
    require(maxImageBytes >= 1, "max image bytes must be at least 1, was " + maxImageBytes);
    require(
        !peerTimeout.isNegative() && !peerTimeout.isZero(),
        "peer timeout must be positive, was " + peerTimeout);
    require(!maxReadyLag.isNegative(), "max ready lag must not be negative, was " + maxReadyLag);
    require(
        searchThreads >= 0,
        "search threads must be at least 0 (0 means one per core), was " + searchThreads);
    require(
        decodeLongestSide >= 1,
        "decode longest side must be at least 1 pixel, was " + decodeLongestSide);
    require(
        decodeBudgetBytes >= 0, "decode budget must be at least 0 (0 means a quarter of the heap)");
    require(standbyReplicas >= 0, "standby replicas must be at least 0, was " + standbyReplicas);
    require(
        sessionTimeout.toMillis() >= 1000,
        "session timeout must be at least 1 s (brokers refuse under 6 s by default), was "
            + sessionTimeout);
  }

  private static void require(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * A builder with every default, for a node on {@code bootstrapServers} keeping its state under
   * {@code dataDir}.
   */
  public static Builder builder(String bootstrapServers, Path dataDir) {
    return new Builder(bootstrapServers, dataDir);
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(bootstrapServers, dataDir)
        .httpHost(httpHost)
        .httpPort(httpPort)
        .advertisedHost(advertisedHost)
        .applicationId(applicationId)
        .imagesTopic(imagesTopic)
        .streamThreads(streamThreads)
        .partitions(partitions)
        .replicationFactor(replicationFactor)
        .maxImageBytes(maxImageBytes)
        .exactlyOnce(exactlyOnce)
        .peerTimeout(peerTimeout)
        .streamsOverrides(streamsOverrides)
        .maxReadyLag(maxReadyLag)
        .keypoints(keypoints)
        .searchThreads(searchThreads)
        .decodeLongestSide(decodeLongestSide)
        .decodeBudgetBytes(decodeBudgetBytes)
        .instanceId(instanceId)
        .standbyReplicas(standbyReplicas)
        .sessionTimeout(sessionTimeout)
        .authMode(authMode)
        .apiKeysFile(apiKeysFile)
        .clusterSecret(clusterSecret)
        .clusterSecretFile(clusterSecretFile)
        .tls(tls)
        .kafkaClient(kafkaClient)
        .requestLimits(requestLimits);
  }

  /** Kafka bootstrap servers. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Interface the HTTP API binds to. */
  public String httpHost() {
    return httpHost;
  }

  /** HTTP port; 0 picks a free one. */
  public int httpPort() {
    return httpPort;
  }

  /** Host name other instances use to reach this one. */
  public String advertisedHost() {
    return advertisedHost;
  }

  /** Base folder of the state stores. */
  public Path dataDir() {
    return dataDir;
  }

  /** Kafka Streams application id: the consumer group and changelog prefix. */
  public String applicationId() {
    return applicationId;
  }

  /** The topic of images this node indexes and publishes to. */
  public String imagesTopic() {
    return imagesTopic;
  }

  /** Stream threads (extraction runs on them). */
  public int streamThreads() {
    return streamThreads;
  }

  /** Partitions of the topics when this node creates them. */
  public int partitions() {
    return partitions;
  }

  /** Replication of created topics; 0 means min(3, brokers). */
  public short replicationFactor() {
    return replicationFactor;
  }

  /** Largest image accepted. */
  public int maxImageBytes() {
    return maxImageBytes;
  }

  /** Whether the stream processes with exactly_once_v2 (else at_least_once). */
  public boolean exactlyOnce() {
    return exactlyOnce;
  }

  /** How long a fan-out waits for another instance. */
  public Duration peerTimeout() {
    return peerTimeout;
  }

  /** Extra Kafka Streams properties. */
  public Map<String, String> streamsOverrides() {
    return streamsOverrides;
  }

  /** Stream lag above which readiness reports DEGRADED. */
  public Duration maxReadyLag() {
    return maxReadyLag;
  }

  /**
   * Whether images get keypoints (crops, small rotations, screenshots found, at about three times
   * the indexing cost); without, only whole-image hashes are indexed and searched.
   */
  public boolean keypoints() {
    return keypoints;
  }

  /** Threads that run index searches, this node's and its peers' (0 means one per core). */
  public int searchThreads() {
    return searchThreads;
  }

  /** Threads that run index searches: {@link #searchThreads}, or one per core for 0. */
  public int searchPoolSize() {
    return searchThreads > 0
        ? searchThreads
        : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Images are decoded at the smallest scale whose longest side is at least this (JPEG DCT scaling,
   * subsampling): smaller decodes cost less, and PDQ moves a few bits from the full-size hash below
   * about 768 px.
   */
  public int decodeLongestSide() {
    return decodeLongestSide;
  }

  /**
   * The memory image searches may hold in decoding at once, in bytes; 0 means a quarter of the heap
   * (at least 64 MiB). A search over it waits briefly, then gets 503 with Retry-After.
   */
  public long decodeBudgetBytes() {
    return decodeBudgetBytes;
  }

  /**
   * This node's stable name in the consumer group (Kafka's static membership), or empty: then the
   * node makes one up once and keeps it in its data folder. A node restarted under the same name
   * within the session timeout takes its partitions back without a rebalance.
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Standby replicas of each partition of the index: copies that other nodes keep up to date from
   * the changelog, with their in-memory index, so that they answer while the active one is gone and
   * take over without a restore. They need as many more nodes; extra ones are not assigned.
   */
  public int standbyReplicas() {
    return standbyReplicas;
  }

  /**
   * How long the group waits for a silent node before it moves its partitions (Kafka's {@code
   * session.timeout.ms}); nodes heartbeat six times in it.
   */
  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /**
   * Who may use the write routes when no key file is given ({@link AuthMode}); with a key file,
   * every API route needs a key with its scope (health and the pages stay open).
   */
  public AuthMode authMode() {
    return authMode;
  }

  /** The file of API keys ({@code --api-keys}), reread while the node runs; empty: no keys. */
  public Optional<Path> apiKeysFile() {
    return Optional.ofNullable(apiKeysFile);
  }

  /**
   * The secret this node signs its calls to peers with and checks theirs against, given as such;
   * see {@link #clusterSecretFile}. With neither, the node makes a random one, so that no other
   * process can use its internal routes (a single node).
   */
  public Optional<ClusterSecret> clusterSecret() {
    return Optional.ofNullable(clusterSecret);
  }

  /** The file of the cluster secret ({@code --cluster-secret-file}), read when the node starts. */
  public Optional<Path> clusterSecretFile() {
    return Optional.ofNullable(clusterSecretFile);
  }

  /** The certificate and key of the API's https (peers are then called over https); empty: http. */
  public Optional<TlsFiles> tls() {
    return Optional.ofNullable(tls);
  }

  /**
   * The operator's Kafka client settings ({@code --kafka-config}): security and tunings applied to
   * the node's Streams clients, its publisher, its admin clients and its lag monitor.
   */
  public KafkaClientSettings kafkaClient() {
    return kafkaClient;
  }

  /**
   * The API's abuse limits: each client's rate limits on searches and writes, the queue of image
   * searches waiting for the decode budget, and the body timeout.
   */
  public RequestLimits requestLimits() {
    return requestLimits;
  }

  /** Sets what {@link NodeConfig} holds; {@link #build} checks it. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Path dataDir;
    private String httpHost = "0.0.0.0";
    private int httpPort = DEFAULT_HTTP_PORT;
    private String advertisedHost = "localhost";
    private String applicationId = "likeness";
    private String imagesTopic = Topics.IMAGES;
    private int streamThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int partitions = DEFAULT_PARTITIONS;
    private short replicationFactor;
    private int maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
    private boolean exactlyOnce = true;
    private Duration peerTimeout = Duration.ofSeconds(2);
    private Map<String, String> streamsOverrides = Map.of();
    private Duration maxReadyLag = DEFAULT_MAX_READY_LAG;
    private boolean keypoints = true;
    private int searchThreads;
    private int decodeLongestSide = ImageLimits.DEFAULT_DECODE_LONGEST_SIDE;
    private long decodeBudgetBytes;
    private String instanceId = "";
    private int standbyReplicas = DEFAULT_STANDBY_REPLICAS;
    private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;

    // Access control. An embedded node leaves writes to loopback clients; the node command
    // passes KEYS.
    private AuthMode authMode = AuthMode.LOOPBACK;
    private Path apiKeysFile;
    private ClusterSecret clusterSecret;
    private Path clusterSecretFile;
    private TlsFiles tls;
    // Kafka security
    private KafkaClientSettings kafkaClient = KafkaClientSettings.none();

    // Abuse limits of the API.
    private RequestLimits requestLimits = RequestLimits.DEFAULTS;

    private Builder(String bootstrapServers, Path dataDir) {
      this.bootstrapServers = bootstrapServers;
      this.dataDir = dataDir;
    }

    /** Interface the HTTP API binds to (default every one, {@code 0.0.0.0}). */
    public Builder httpHost(String host) {
      this.httpHost = host;
      return this;
    }

    /** HTTP port (default {@value NodeConfig#DEFAULT_HTTP_PORT}; 0 picks a free one). */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** Host name other instances use to reach this one (default {@code localhost}). */
    public Builder advertisedHost(String host) {
      this.advertisedHost = host;
      return this;
    }

    /** Kafka Streams application id (default {@code likeness}). */
    public Builder applicationId(String id) {
      this.applicationId = id;
      return this;
    }

    /** Stream threads (default one per core). */
    public Builder streamThreads(int threads) {
      this.streamThreads = threads;
      return this;
    }

    /**
     * Partitions of the topics this node creates (default {@value NodeConfig#DEFAULT_PARTITIONS}).
     */
    public Builder partitions(int count) {
      this.partitions = count;
      return this;
    }

    /** Replication of created topics (default 0: min(3, brokers)). */
    public Builder replicationFactor(short factor) {
      this.replicationFactor = factor;
      return this;
    }

    /** Largest image accepted (default 16 MiB). */
    public Builder maxImageBytes(int bytes) {
      this.maxImageBytes = bytes;
      return this;
    }

    /** exactly_once_v2 (default) or at_least_once. */
    public Builder exactlyOnce(boolean exactly) {
      this.exactlyOnce = exactly;
      return this;
    }

    /** How long a fan-out waits for another instance (default 2 s). */
    public Builder peerTimeout(Duration timeout) {
      this.peerTimeout = timeout;
      return this;
    }

    /** Extra Kafka Streams properties (default none). */
    public Builder streamsOverrides(Map<String, String> overrides) {
      this.streamsOverrides = overrides;
      return this;
    }

    /** Stream lag above which readiness reports DEGRADED (default 30 s). */
    public Builder maxReadyLag(Duration lag) {
      this.maxReadyLag = lag;
      return this;
    }

    /** Whether images get keypoints (default yes). */
    public Builder keypoints(boolean extract) {
      this.keypoints = extract;
      return this;
    }

    /** Threads that run index searches (default 0: one per core). */
    public Builder searchThreads(int threads) {
      this.searchThreads = threads;
      return this;
    }

    /**
     * Longest side images are decoded to at least (default {@value
     * ImageLimits#DEFAULT_DECODE_LONGEST_SIDE}).
     */
    public Builder decodeLongestSide(int pixels) {
      this.decodeLongestSide = pixels;
      return this;
    }

    /**
     * Memory searches may hold in decoding at once (default 0: a quarter of the heap, at least 64
     * MiB).
     */
    public Builder decodeBudgetBytes(long bytes) {
      this.decodeBudgetBytes = bytes;
      return this;
    }

    /**
     * This node's stable name in the consumer group (default: made up once, kept in the data
     * folder).
     */
    public Builder instanceId(String id) {
      this.instanceId = id;
      return this;
    }

    /**
     * The topic of images to index and publish to (default {@value Topics#IMAGES}); another one
     * holds more partitions after a replay.
     */
    public Builder imagesTopic(String topic) {
      this.imagesTopic = topic;
      return this;
    }

    /** Standby replicas of each index partition (default 1). */
    public Builder standbyReplicas(int replicas) {
      this.standbyReplicas = replicas;
      return this;
    }

    /** Session timeout in the consumer group (default 6 s). */
    public Builder sessionTimeout(Duration timeout) {
      this.sessionTimeout = timeout;
      return this;
    }

    /** Who may write without a key file (default {@link AuthMode#LOOPBACK}). */
    public Builder authMode(AuthMode mode) {
      this.authMode = mode;
      return this;
    }

    /** The file of API keys (default none: null). */
    public Builder apiKeysFile(Path file) {
      this.apiKeysFile = file;
      return this;
    }

    /** The secret of calls between nodes (default none, null: a random one per process). */
    public Builder clusterSecret(ClusterSecret secret) {
      this.clusterSecret = secret;
      return this;
    }

    /** The file of the secret of calls between nodes (default none: null). */
    public Builder clusterSecretFile(Path file) {
      this.clusterSecretFile = file;
      return this;
    }

    /** The certificate and key of https (default none, null: http). */
    public Builder tls(TlsFiles files) {
      this.tls = files;
      return this;
    }

    /** The operator's Kafka client settings (default none: plaintext, Kafka's defaults). */
    public Builder kafkaClient(KafkaClientSettings settings) {
      this.kafkaClient = settings;
      return this;
    }

    /** The API's abuse limits (default {@link RequestLimits#DEFAULTS}). */
    public Builder requestLimits(RequestLimits limits) {
      this.requestLimits = limits;
      return this;
    }

    /** The configuration. @throws IllegalArgumentException naming a setting out of its range */
    public NodeConfig build() {
      return new NodeConfig(this);
    }
  }
}
