package dev.likeness.app;

import dev.likeness.api.auth.AuthMode;
import dev.likeness.api.limit.RateLimit;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.api.tls.TlsFiles;
import dev.likeness.contract.cli.DurationConverter;
import dev.likeness.contract.cli.ImagesTopicOption;
import dev.likeness.contract.cli.KafkaConfigOption;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags shared by {@code demo} and {@code node}, turned into a {@link NodeConfig}. */
final class NodeOptions {
  private final AuthMode commandAuth;

  /** The options of {@code node}: writes need a key unless {@code --auth} says otherwise. */
  NodeOptions() {
    this(AuthMode.KEYS);
  }

  /** The options of a command whose {@code --auth} defaults to {@code commandAuth}. */
  NodeOptions(AuthMode commandAuth) {
    this.commandAuth = commandAuth;
  }

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "HTTP port of the API (0 picks a free one).")
  int httpPort;

  @Option(
      names = "--http-host",
      defaultValue = "0.0.0.0",
      description = "Interface the API binds to.")
  String httpHost;

  @Option(
      names = "--advertised-host",
      defaultValue = "localhost",
      description = "Host name other instances use to reach this node's API.")
  String advertisedHost;

  @Option(
      names = "--data-dir",
      defaultValue = "likeness-data",
      description = "Folder for state stores (and the demo broker's logs).")
  Path dataDir;

  @Option(
      names = "--application-id",
      defaultValue = "likeness",
      description = "Kafka Streams application id: nodes with the same id share the index.")
  String applicationId;

  @Mixin ImagesTopicOption images = new ImagesTopicOption();

  @Option(
      names = "--stream-threads",
      defaultValue = "0",
      description = "Stream threads; 0 means one per core.")
  int streamThreads;

  @Option(
      names = "--partitions",
      defaultValue = "12",
      description = "Partitions of the topics when this node creates them.")
  int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "0",
      description = "Replication of created topics; 0 means min(3, brokers).")
  short replicationFactor;

  @Option(
      names = "--max-image-bytes",
      defaultValue = "16777216",
      description = "Largest image accepted, in bytes.")
  int maxImageBytes;

  @Option(
      names = "--processing-guarantee",
      defaultValue = "exactly_once_v2",
      description = "exactly_once_v2 or at_least_once.")
  String processingGuarantee;

  @Option(
      names = "--max-ready-lag",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Stream lag above which /health/ready reports DEGRADED (still 200); e.g. 30s, 2m or PT30S.")
  Duration maxReadyLag;

  @Option(
      names = "--keypoints",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Extract keypoints, so crops, small rotations and screenshots are found (about twice the indexing "
              + "CPU per image); --no-keypoints indexes and searches whole-image hashes only.")
  boolean keypoints;

  @Option(
      names = "--search-threads",
      defaultValue = "0",
      description =
          "Threads that run index searches; 0 means one per core. More only makes searches preempt each other.")
  int searchThreads;

  @Option(
      names = "--decode-longest-side",
      defaultValue = "" + ImageLimits.DEFAULT_DECODE_LONGEST_SIDE,
      description =
          "Images are decoded at the smallest JPEG DCT scale (or subsampling) whose longest side is at least "
              + "this many pixels: the features need no more, and PDQ stays within a few bits of the full-size hash. "
              + "A very large value hashes every image at full size, as reference PDQ tools do.")
  int decodeLongestSide;

  @Option(
      names = "--decode-budget-mb",
      defaultValue = "0",
      description =
          "Memory image searches may hold in decoding at once, in MiB; 0 means a quarter of the heap (at "
              + "least 64). A search that cannot get its share within 2 s is answered 503 with Retry-After.")
  long decodeBudgetMb;

  @Option(
      names = "--instance-id",
      defaultValue = "",
      description =
          "This node's stable name in the consumer group (static membership): restarted under it "
              + "within the session timeout, it takes its partitions back without a rebalance. "
              + "Empty: made up at the first start and kept in the data folder.")
  String instanceId;

  @Option(
      names = "--standby-replicas",
      defaultValue = "1",
      description =
          "Standby copies of each index partition on other nodes, kept up to date with their index: "
              + "searches fall back to them while a node is gone, and one takes over without a restore.")
  int standbyReplicas;

  @Option(
      names = "--session-timeout",
      defaultValue = "6s",
      converter = DurationConverter.class,
      description =
          "How long the group waits for a silent node before moving its partitions (Kafka's "
              + "session.timeout.ms; brokers accept 6s to 30m by default).")
  Duration sessionTimeout;

  // Access control (README "Security"): API keys, the secret of peer calls, TLS.
  @Option(
      names = "--auth",
      description =
          "Who may publish and delete without --api-keys: keys (nobody: writes need a key file; "
              + "the node's default), loopback (clients on this machine; the demo's default) or none "
              + "(anyone; warned about at start). With --api-keys every API route needs a key (health and the pages are open).")
  AuthMode auth;

  @Option(
      names = "--api-keys",
      description =
          "File of API keys (`likeness keys add` makes them): each request then needs "
              + "'Authorization: Bearer KEY' with the route's scope (search, write, admin). Reread "
              + "every 2 s while the node runs.")
  Path apiKeys;

  @Option(
      names = "--cluster-secret-file",
      description =
          "File with the secret the nodes of a cluster sign their internal calls with (at least 16 "
              + "bytes; every node needs the same). Without, a node makes a random one and no other "
              + "node can call it.")
  Path clusterSecretFile;

  @Option(
      names = "--tls-cert",
      description = "PEM certificate (chain) of the API: serve https, and call peers over https.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--tls-trust",
      description =
          "PEM certificates peers' https is checked against; default: --tls-cert itself (a cluster "
              + "sharing one certificate).")
  Path tlsTrust;

  // Kafka security: client properties for every Kafka client of the node (README: Kafka security).
  @Mixin KafkaConfigOption kafka = new KafkaConfigOption();

  // Abuse limits of the API.

  @Option(
      names = "--rate-limit-search",
      defaultValue = "50",
      converter = RateLimitConverter.class,
      description =
          "Searches a second per client (the API key's name, else the remote address), as RATE "
              + "(bursts of twice it) or RATE:BURST; over it, 429 with Retry-After. 0 turns it off.")
  RateLimit rateLimitSearch;

  @Option(
      names = "--rate-limit-write",
      defaultValue = "20",
      converter = RateLimitConverter.class,
      description =
          "Writes (POST /images, DELETE /images/{id}) a second per client, as RATE (bursts of "
              + "twice it) or RATE:BURST; over it, 429 with Retry-After. 0 turns it off.")
  RateLimit rateLimitWrite;

  @Option(
      names = "--decode-queue",
      defaultValue = "" + RequestLimits.DEFAULT_DECODE_QUEUE,
      description =
          "Image searches that may wait for the decode budget at once; one more is answered 503 "
              + "with Retry-After at once.")
  int decodeQueue;

  @Option(
      names = "--body-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long a client has, from its request's headers, to send the whole body (a slow "
              + "client is cut off with 408); e.g. 30s or PT30S.")
  Duration bodyTimeout;

  NodeConfig toConfig(String bootstrapServers, Path stateDir) {
    if (!processingGuarantee.equals("exactly_once_v2")
        && !processingGuarantee.equals("at_least_once")) {
      throw new IllegalArgumentException(
          "--processing-guarantee must be exactly_once_v2 or at_least_once");
    }
    int threads =
        streamThreads > 0 ? streamThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
    return NodeConfig.builder(bootstrapServers, stateDir)
        .httpHost(httpHost)
        .httpPort(httpPort)
        .advertisedHost(advertisedHost)
        .applicationId(applicationId)
        .imagesTopic(images.imagesTopic())
        .streamThreads(threads)
        .partitions(partitions)
        .replicationFactor(replicationFactor)
        .maxImageBytes(maxImageBytes)
        .exactlyOnce(processingGuarantee.equals("exactly_once_v2"))
        .maxReadyLag(maxReadyLag)
        .keypoints(keypoints)
        .searchThreads(searchThreads)
        .decodeLongestSide(decodeLongestSide)
        .decodeBudgetBytes(decodeBudgetMb << 20)
        .instanceId(instanceId)
        .standbyReplicas(standbyReplicas)
        .sessionTimeout(sessionTimeout)
        .authMode(auth != null ? auth : commandAuth)
        .apiKeysFile(apiKeys)
        .clusterSecretFile(clusterSecretFile)
        .tls(tls())
        .kafkaClient(kafka.settings())
        .requestLimits(new RequestLimits(rateLimitSearch, rateLimitWrite, decodeQueue, bodyTimeout))
        .build();
  }

  private TlsFiles tls() {
    if (tlsCert == null && tlsKey == null) {
      if (tlsTrust != null) {
        throw new IllegalArgumentException("--tls-trust needs --tls-cert and --tls-key");
      }
      return null;
    }
    if (tlsCert == null || tlsKey == null) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    return new TlsFiles(tlsCert, tlsKey, Optional.ofNullable(tlsTrust));
  }
}
