package dev.likeness.indexer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.feature.FeatureExtractor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The configured images topic is the topology's only source: code reading partitions from Streams
 * metadata (search fan-out, status, lag owners) relies on that instead of filtering by topic name.
 */
class ImageTopologySourceTest {
  @Test
  void theConfiguredImagesTopicIsTheOnlySource() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "source-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    ImageTopology indexer =
        new ImageTopology(
            "images-24",
            new FeatureExtractor(),
            new IndexerMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC());

    TopologyDescription description =
        indexer.build(new TopologyConfig(new StreamsConfig(props))).describe();

    Set<String> sources =
        description.subtopologies().stream()
            .flatMap(s -> s.nodes().stream())
            .filter(TopologyDescription.Source.class::isInstance)
            .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
            .collect(Collectors.toSet());
    assertThat(sources).containsExactly("images-24");
    assertThat(description.globalStores()).isEmpty();
  }
}
