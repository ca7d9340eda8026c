package dev.likeness.indexer.topology;

import dev.likeness.contract.record.Topics;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.indexer.store.FeatureStoreBuilder;
import dev.likeness.indexer.store.OpenFeatureStores;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The indexer: the images topic ({@code likeness.images} unless configured) → feature extraction →
 * the feature store (whose changelog is the only copy of the features: they can always be computed
 * again from the images topic), and failures to {@code likeness.rejected}; and what the Kafka
 * Streams instance that runs it must be given besides the topology (a production exception handler
 * and a restore listener), sharing one node's state with it.
 */
public final class ImageTopology {
  /** Name of the feature state store, and of its changelog. */
  public static final String STORE = "features";

  /** How often each partition's index is compared with its store. */
  static final Duration CONSISTENCY_CHECK_INTERVAL = Duration.ofMinutes(5);

  static final String SOURCE = "images";
  static final String PROCESSOR = "index";
  static final String REJECTED_SINK = "rejected-sink";

  private final String imagesTopic;
  private final FeatureExtractor extractor;
  private final IndexerMetrics metrics;
  private final Clock clock;
  private final FailedWrites failedWrites = new FailedWrites();
  private final OpenFeatureStores openStores;

  /**
   * The indexer of one node: features by {@code extractor}, counted in {@code metrics}, stamped by
   * {@code clock}.
   */
  public ImageTopology(FeatureExtractor extractor, IndexerMetrics metrics, Clock clock) {
    this(Topics.IMAGES, extractor, metrics, clock);
  }

  /**
   * Like {@link #ImageTopology(FeatureExtractor, IndexerMetrics, Clock)}, indexing {@code
   * imagesTopic}: its only source, which is why partitions in this application's Streams metadata
   * need no filtering by topic.
   */
  public ImageTopology(
      String imagesTopic, FeatureExtractor extractor, IndexerMetrics metrics, Clock clock) {
    this.imagesTopic = imagesTopic;
    this.extractor = extractor;
    this.metrics = metrics;
    this.clock = clock;
    this.openStores = new OpenFeatureStores(metrics::indexBuilt);
  }

  /** Builds the topology with the application's configuration. */
  public Topology build(TopologyConfig config) {
    Topology topology = new Topology(config);
    // Keys stay bytes until the processor checks they are valid UTF-8 ids.
    topology.addSource(
        SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), imagesTopic);
    topology.addProcessor(
        PROCESSOR,
        () -> new ImageIndexProcessor(STORE, imagesTopic, extractor, clock, metrics, failedWrites),
        SOURCE);
    topology.addStateStore(
        new FeatureStoreBuilder(
            STORE, Map.of("max.message.bytes", Integer.toString(2 << 20)), openStores),
        PROCESSOR);
    topology.addSink(
        REJECTED_SINK,
        Topics.REJECTED,
        new StringSerializer(),
        new ByteArraySerializer(),
        PROCESSOR);
    return topology;
  }

  /** The Streams properties the topology needs: its production exception handler. */
  public Map<String, Object> streamsConfig() {
    return DeadLetterOnFailedWrite.streamsConfig(failedWrites);
  }

  /**
   * The listener to give {@code KafkaStreams#setGlobalStateRestoreListener}: it builds the indexes
   * that a restoration leaves unbuilt.
   */
  public StateRestoreListener restoreListener() {
    return openStores;
  }

  /**
   * The listener to give {@code KafkaStreams#setStandbyUpdateListener}: it builds a standby's index
   * when the standby starts updating, so that the index follows the changelog from then on.
   */
  public StandbyUpdateListener standbyUpdateListener() {
    return openStores;
  }

  /** The records whose output was refused, as the production exception handler noted them. */
  FailedWrites failedWrites() {
    return failedWrites;
  }
}
