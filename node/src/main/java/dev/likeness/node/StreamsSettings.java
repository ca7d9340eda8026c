package dev.likeness.node;

import dev.likeness.contract.kafka.KafkaClientSettings;
import dev.likeness.indexer.store.BoundedRocksDbMemory;
import dev.likeness.ingest.topics.TopicLayout;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams properties of a node, derived from its {@link NodeConfig}. */
final class StreamsSettings {
  /** Longest exactly-once transaction before the broker aborts it. */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

  private StreamsSettings() {}

  static Properties of(NodeConfig cfg, int advertisedPort, String instanceId) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, cfg.dataDir().resolve("state").toString());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, cfg.advertisedHost() + ":" + advertisedPort);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, cfg.streamThreads());
    p.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        cfg.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(
        StreamsConfig.REPLICATION_FACTOR_CONFIG,
        cfg.replicationFactor() > 0 ? (int) cfg.replicationFactor() : -1);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    // No global tables here; opting in now silences a start-up warning and matches Kafka 5
    // defaults.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // A thread joins a rebalance only when it next polls, and an image with keypoints takes tens of
    // milliseconds (hundreds at 12 MP, more on busy cores): small polls keep a take-over after a
    // node dies from waiting seconds for every other thread to finish its batch.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 16);
    // Searches read the stores directly, so a commit only publishes progress: every 500 ms instead
    // of Streams' exactly-once default of 100 ms cut the CPU per indexed image by about a quarter
    // (transactions on the broker and the client; bench/README.md, PipelineBench --streams).
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
    // The producers send feature records (tens of KB at most) and dead-letter notes; the default
    // 32 MiB pool of batch buffers stays allocated once a bulk ingest has filled it (26 MB of a
    // 10M-hash node's heap, bench/README.md). 4 MiB is 256 batches of the default 16 KiB.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 4L << 20);
    // Every replica in sync has a feature record before it counts as written, and a retry never
    // writes it twice. Exactly-once forces both; at-least-once needs them said.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
    // Streams' exactly-once default of 10 s lets the broker abort a transaction that a starved
    // stream thread (keypoints of a batch of large images on busy cores) keeps open longer; the
    // thread is then fenced and rejoins, which moves partitions and starves the others in turn.
    // A dead producer's open transaction would hold its input's committed offsets unstable (the
    // new owner waits) and its changelog's last stable offset (standbys wait) until it is aborted:
    // TransactionFencing fences it as soon as the group has moved on, not a minute later.
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        (int) TRANSACTION_TIMEOUT.toMillis());
    // Static membership: a node that comes back under its name (a restart, a kill -9 and a restart
    // within the session timeout) gets its partitions back without a rebalance of everyone else.
    // Streams adds each thread's index to it.
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
    // Standbys follow the changelog on other nodes, index included: searches fall back to them
    // while a node is gone, and one of them takes over without a restore.
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, cfg.standbyReplicas());
    // Kafka's 45 s default keeps a dead node's partitions unassigned for most of a minute; with
    // standbys answering meanwhile, a short timeout brings fresh answers back within seconds.
    long sessionMs = cfg.sessionTimeout().toMillis();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) sessionMs);
    p.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        (int) Math.max(100, sessionMs / 6));
    // Twelve partitions and their standbys are twenty-odd RocksDB instances per node: bound them
    // together rather than each on its own.
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    applyClientSettings(p, cfg.kafkaClient());
    p.putAll(cfg.streamsOverrides());
    return p;
  }

  /**
   * The operator's client settings reach every client Streams makes (consumers, producers, admin)
   * unprefixed; where this node tunes the same setting for one kind of client with a prefix, that
   * prefixed value would win in Streams, so it gives way to the operator's.
   */
  private static void applyClientSettings(Properties p, KafkaClientSettings kafka) {
    kafka
        .all()
        .forEach(
            (key, value) -> {
              for (String prefix : CLIENT_PREFIXES) {
                p.remove(prefix + key);
              }
              p.put(key, value);
            });
  }

  private static final List<String> CLIENT_PREFIXES =
      List.of(
          StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX,
          StreamsConfig.PRODUCER_PREFIX,
          StreamsConfig.ADMIN_CLIENT_PREFIX);

  /**
   * Replicates the internal topics (changelogs, repartition) like the topics the node creates, on a
   * cluster of {@code brokers}: the configured factor, else min(3, brokers); with three replicas,
   * two must be in sync for a write, so one broker may be down. The Streams overrides still win.
   */
  static void replicateInternalTopics(Properties p, NodeConfig cfg, int brokers) {
    short replicas =
        new TopicLayout(cfg.partitions(), cfg.replicationFactor(), cfg.maxImageBytes())
            .replicationFor(brokers);
    Map<String, Object> internal = new LinkedHashMap<>();
    internal.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicas);
    if (replicas >= 3) {
      internal.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), 2);
    }
    internal.forEach(
        (key, value) -> {
          if (!cfg.streamsOverrides().containsKey(key)) {
            p.put(key, value);
          }
        });
  }
}
