package dev.likeness.api.node;

import dev.likeness.core.image.ImageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a node needs to run: where Kafka is, where to listen, where to keep state.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param httpHost interface the HTTP API binds to
 * @param httpPort HTTP port (0 picks a free one)
 * @param advertisedHost host name other instances use to reach this one
 * @param dataDir base folder for state stores and upload spooling
 * @param applicationId Kafka Streams application id: the consumer group and changelog prefix
 * @param streamThreads stream threads (extraction runs on them)
 * @param partitions partitions of the topics when this node creates them
 * @param replicationFactor replication of created topics; 0 means min(3, brokers)
 * @param maxImageBytes largest image accepted
 * @param exactlyOnce whether to process with exactly_once_v2 (else at_least_once)
 * @param peerTimeout how long a fan-out waits for another instance
 * @param streamsOverrides extra Kafka Streams properties
 * @param maxReadyLag stream lag above which readiness reports DEGRADED
 * @param keypoints whether images get keypoints (crops, small rotations, screenshots found; ~3×
 *     the indexing cost); without, only whole-image hashes are indexed and searched
 * @param searchThreads threads that run index searches, this node's and its peers' (0 means one
 *     per core): searches are CPU- and memory-bound, so more threads than cores only preempt each
 *     other and evict each other's working set from the caches
 * @param decodeLongestSide images are decoded at the smallest scale whose longest side is at least
 *     this (JPEG DCT scaling, subsampling): smaller decodes cost less, and PDQ moves a few bits from
 *     the full-size hash below about 768 px
 */
public record NodeConfig(
    String bootstrapServers,
    String httpHost,
    int httpPort,
    String advertisedHost,
    Path dataDir,
    String applicationId,
    int streamThreads,
    int partitions,
    short replicationFactor,
    int maxImageBytes,
    boolean exactlyOnce,
    Duration peerTimeout,
    Map<String, String> streamsOverrides,
    Duration maxReadyLag,
    boolean keypoints,
    int searchThreads,
    int decodeLongestSide) {

  /** Default HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 8080;
  /** Default upload limit: 16 MiB. */
  public static final int DEFAULT_MAX_IMAGE_BYTES = 16 << 20;
  /** Default lag bound of readiness: 30 s. */
  public static final Duration DEFAULT_MAX_READY_LAG = Duration.ofSeconds(30);

  public NodeConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(dataDir, "dataDir");
    streamsOverrides = streamsOverrides == null ? Map.of() : Map.copyOf(streamsOverrides);
    maxReadyLag = maxReadyLag == null ? DEFAULT_MAX_READY_LAG : maxReadyLag;
    if (maxReadyLag.isNegative()) {
      throw new IllegalArgumentException("max ready lag must not be negative");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be at least 1");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1");
    }
    if (decodeLongestSide < 1) {
      throw new IllegalArgumentException("decode longest side must be at least 1 pixel");
    }
    if (searchThreads < 0) {
      throw new IllegalArgumentException("search threads must be at least 0 (0 means one per core)");
    }
  }

  /** A config with one search thread per core (the form callers used before that setting existed). */
  public NodeConfig(String bootstrapServers, String httpHost, int httpPort, String advertisedHost, Path dataDir,
      String applicationId, int streamThreads, int partitions, short replicationFactor, int maxImageBytes,
      boolean exactlyOnce, Duration peerTimeout, Map<String, String> streamsOverrides, Duration maxReadyLag,
      boolean keypoints) {
    this(bootstrapServers, httpHost, httpPort, advertisedHost, dataDir, applicationId, streamThreads, partitions,
        replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, streamsOverrides, maxReadyLag, keypoints, 0,
        ImageLimits.DEFAULT_DECODE_LONGEST_SIDE);
  }

  /** Threads that run index searches: {@link #searchThreads}, or one per core for 0. */
  public int searchPoolSize() {
    return searchThreads > 0 ? searchThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** A config that extracts keypoints (the form callers used before that switch existed). */
  public NodeConfig(String bootstrapServers, String httpHost, int httpPort, String advertisedHost, Path dataDir,
      String applicationId, int streamThreads, int partitions, short replicationFactor, int maxImageBytes,
      boolean exactlyOnce, Duration peerTimeout, Map<String, String> streamsOverrides, Duration maxReadyLag) {
    this(bootstrapServers, httpHost, httpPort, advertisedHost, dataDir, applicationId, streamThreads, partitions,
        replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, streamsOverrides, maxReadyLag, true);
  }

  /** A config with the default readiness lag bound (the form callers used before that bound existed). */
  public NodeConfig(String bootstrapServers, String httpHost, int httpPort, String advertisedHost, Path dataDir,
      String applicationId, int streamThreads, int partitions, short replicationFactor, int maxImageBytes,
      boolean exactlyOnce, Duration peerTimeout, Map<String, String> streamsOverrides) {
    this(bootstrapServers, httpHost, httpPort, advertisedHost, dataDir, applicationId, streamThreads, partitions,
        replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, streamsOverrides, DEFAULT_MAX_READY_LAG);
  }

  /** Defaults for a node of the demo against {@code bootstrapServers}. */
  public static NodeConfig defaults(String bootstrapServers, Path dataDir) {
    return new NodeConfig(bootstrapServers, "0.0.0.0", DEFAULT_HTTP_PORT, "localhost", dataDir, "likeness",
        Math.max(1, Runtime.getRuntime().availableProcessors()), 2, (short) 0, DEFAULT_MAX_IMAGE_BYTES, true,
        Duration.ofSeconds(2), Map.of());
  }

  /** A copy listening on {@code port}. */
  public NodeConfig withHttpPort(int port) {
    return new NodeConfig(bootstrapServers, httpHost, port, advertisedHost, dataDir, applicationId, streamThreads,
        partitions, replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, streamsOverrides, maxReadyLag,
        keypoints, searchThreads, decodeLongestSide);
  }

  /** A copy with extra Kafka Streams properties. */
  public NodeConfig withStreamsOverrides(Map<String, String> overrides) {
    return new NodeConfig(bootstrapServers, httpHost, httpPort, advertisedHost, dataDir, applicationId, streamThreads,
        partitions, replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, overrides, maxReadyLag, keypoints,
        searchThreads, decodeLongestSide);
  }

  /** A copy whose readiness reports DEGRADED above {@code lag}. */
  public NodeConfig withMaxReadyLag(Duration lag) {
    return new NodeConfig(bootstrapServers, httpHost, httpPort, advertisedHost, dataDir, applicationId, streamThreads,
        partitions, replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, streamsOverrides, lag, keypoints,
        searchThreads, decodeLongestSide);
  }

  /** A copy that extracts keypoints or not. */
  public NodeConfig withKeypoints(boolean extract) {
    return new NodeConfig(bootstrapServers, httpHost, httpPort, advertisedHost, dataDir, applicationId, streamThreads,
        partitions, replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, streamsOverrides, maxReadyLag, extract,
        searchThreads, decodeLongestSide);
  }

  /** A copy that runs index searches on {@code threads} threads (0: one per core). */
  public NodeConfig withSearchThreads(int threads) {
    return new NodeConfig(bootstrapServers, httpHost, httpPort, advertisedHost, dataDir, applicationId, streamThreads,
        partitions, replicationFactor, maxImageBytes, exactlyOnce, peerTimeout, streamsOverrides, maxReadyLag,
        keypoints, threads, decodeLongestSide);
  }
}
