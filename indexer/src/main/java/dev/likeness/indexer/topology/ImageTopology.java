package dev.likeness.indexer.topology;

import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.record.Topics;
import dev.likeness.indexer.store.FeatureStoreBuilder;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The indexer's topology: {@code likeness.images} → feature extraction → the feature store, with
 * features to {@code likeness.features} and failures to {@code likeness.rejected}.
 */
public final class ImageTopology {
  /** Name of the feature state store, and of its changelog. */
  public static final String STORE = "features";

  static final String SOURCE = "images";
  static final String PROCESSOR = "index";
  static final String FEATURES_SINK = "features-sink";
  static final String REJECTED_SINK = "rejected-sink";

  private ImageTopology() {}

  /**
   * Builds the topology with the application's configuration.
   *
   * @param failedWrites the records whose output was refused, shared with {@link DeadLetterOnFailedWrite}
   */
  public static Topology build(TopologyConfig config, FeatureExtractor extractor, IndexerMetrics metrics, Clock clock,
      FailedWrites failedWrites) {
    Topology topology = new Topology(config);
    // Keys stay bytes until the processor checks they are valid UTF-8 ids.
    topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.IMAGES);
    topology.addProcessor(PROCESSOR, () -> new ImageIndexProcessor(STORE, extractor, clock, metrics, failedWrites), SOURCE);
    topology.addStateStore(new FeatureStoreBuilder(STORE, Map.of("max.message.bytes", Integer.toString(2 << 20))), PROCESSOR);
    topology.addSink(FEATURES_SINK, Topics.FEATURES, new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
    topology.addSink(REJECTED_SINK, Topics.REJECTED, new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
    return topology;
  }
}
