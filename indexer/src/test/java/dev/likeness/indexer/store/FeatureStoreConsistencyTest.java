package dev.likeness.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.contract.record.Topics;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.indexer.topology.IndexerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory index against the RocksDB store it indexes, when records reach RocksDB behind its
 * back.
 */
class FeatureStoreConsistencyTest {
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> images;
  private SimpleMeterRegistry registry;
  private ImageTopology indexer;
  @TempDir Path stateDir;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "consistency-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    registry = new SimpleMeterRegistry();
    indexer =
        new ImageTopology(new FeatureExtractor(), new IndexerMetrics(registry), Clock.systemUTC());
    driver =
        new TopologyTestDriver(indexer.build(new TopologyConfig(new StreamsConfig(props))), props);
    images =
        driver.createInputTopic(
            Topics.IMAGES, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private FeatureStore store() {
    return (FeatureStore) driver.getStateStore(ImageTopology.STORE);
  }

  private void indexOneImage() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/pdq-vectors/images/bridge-mods_aaa-orig.jpg")) {
      images.pipeInput("seen".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
  }

  /** Writes {@code n} records straight to RocksDB, as a restoration does. */
  private FeatureRecord writeBehindTheIndex(int n) {
    FeatureRecord record = store().get("seen").orElseThrow();
    byte[] encoded = FeatureRecordCodec.encode(record);
    for (int i = 0; i < n; i++) {
      store().inner().put(Bytes.wrap(("behind-" + i).getBytes(StandardCharsets.UTF_8)), encoded);
    }
    return record;
  }

  private double checks(String result) {
    Counter counter = registry.find("likeness.index.checks").tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void thePeriodicCheckFindsADivergedIndexAndRebuildsIt() throws IOException {
    indexOneImage();
    FeatureRecord record = writeBehindTheIndex(40);
    assertThat(store().size()).as("the index does not see records written behind it").isEqualTo(1);

    driver.advanceWallClockTime(Duration.ofMinutes(5));

    assertThat(store().size()).isEqualTo(41);
    assertThat(store().search(MatchFeatures.ofHashes(record.hashes()), 100, 0)).hasSize(41);
    assertThat(checks("diverged")).isEqualTo(1.0);
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    assertThat(checks("consistent")).isEqualTo(1.0);
    assertThat(checks("diverged")).isEqualTo(1.0);
  }

  @Test
  void aConsistentIndexIsLeftAlone() throws IOException {
    indexOneImage();
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    assertThat(checks("consistent")).isEqualTo(1.0);
    assertThat(checks("diverged")).isZero();
  }

  @Test
  void aRestorationLeavesACurrentIndexAnsweringWithoutARebuild() throws IOException {
    indexOneImage();
    StateRestoreListener restores = indexer.restoreListener();
    TopicPartition changelog =
        new TopicPartition("consistency-test-" + ImageTopology.STORE + "-changelog", 0);

    restores.onRestoreStart(changelog, ImageTopology.STORE, 0, 10);
    // A current index follows restored records one by one (RestoreObservingStore): it answers on.
    assertThat(store().size()).isEqualTo(1);
    // Records written past the store's layers are not what a restoration writes: only a rebuild
    // would pick them up, and the end of the restoration of a current index must not rebuild it.
    writeBehindTheIndex(10);
    restores.onRestoreEnd(changelog, ImageTopology.STORE, 10);

    assertThat(store().size()).isEqualTo(1);
  }
}
