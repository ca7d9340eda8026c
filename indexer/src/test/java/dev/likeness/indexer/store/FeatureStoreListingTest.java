package dev.likeness.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.contract.record.Topics;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.indexer.topology.IndexerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paging through one partition's store in key order. */
class FeatureStoreListingTest {
  // In UTF-8 byte order: "Z" < "a" < "a/b" < "é" < "\uFFFD" < "😀" (a surrogate pair in UTF-16,
  // which String.compareTo would put before "\uFFFD").
  private static final List<String> IDS = List.of("😀", "a/b", "\uFFFD", "é", "Z", "a");
  private static final List<String> IN_ORDER = List.of("Z", "a", "a/b", "é", "\uFFFD", "😀");

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> images;
  @TempDir Path stateDir;

  @BeforeEach
  void start() throws IOException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "listing-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    ImageTopology indexer =
        new ImageTopology(
            new FeatureExtractor(),
            new IndexerMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC());
    driver =
        new TopologyTestDriver(indexer.build(new TopologyConfig(new StreamsConfig(props))), props);
    images =
        driver.createInputTopic(
            Topics.IMAGES, new ByteArraySerializer(), new ByteArraySerializer());
    try (InputStream in =
        getClass().getResourceAsStream("/pdq-vectors/images/bridge-mods_aaa-orig.jpg")) {
      images.pipeInput(IDS.get(0).getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
    // The others share its record: the listing reads keys, whatever the records hold.
    byte[] encoded = FeatureRecordCodec.encode(store().get(IDS.get(0)).orElseThrow());
    for (String id : IDS.subList(1, IDS.size())) {
      store().inner().put(Bytes.wrap(id.getBytes(StandardCharsets.UTF_8)), encoded);
    }
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private FeatureStore store() {
    return (FeatureStore) driver.getStateStore(ImageTopology.STORE);
  }

  private static List<String> ids(List<ListedImage> page) {
    return page.stream().map(ListedImage::id).toList();
  }

  @Test
  void theListingFollowsTheIdsUtf8ByteOrder() {
    assertThat(ids(store().list(null, 100))).isEqualTo(IN_ORDER);
    assertThat(IN_ORDER.stream().sorted(ListedImage.ID_ORDER).toList()).isEqualTo(IN_ORDER);
    ListedImage first = store().list(null, 1).get(0);
    assertThat(first.record().width()).isPositive();
  }

  @Test
  void pagesContinueAfterTheCursorWithoutRepeatingIt() {
    List<String> seen = new ArrayList<>();
    String after = null;
    List<ListedImage> page;
    while (!(page = store().list(after, 4)).isEmpty()) {
      assertThat(page).hasSizeLessThanOrEqualTo(4);
      seen.addAll(ids(page));
      after = page.get(page.size() - 1).id();
    }
    assertThat(seen).isEqualTo(IN_ORDER);
  }

  @Test
  void aDeletedCursorStillContinuesWhereItWas() {
    List<String> firstPage = ids(store().list(null, 2));
    assertThat(firstPage).containsExactly("Z", "a");
    images.pipeInput("a".getBytes(StandardCharsets.UTF_8), (byte[]) null);
    images.pipeInput("a/b".getBytes(StandardCharsets.UTF_8), (byte[]) null);
    assertThat(ids(store().list("a", 10))).containsExactly("é", "\uFFFD", "😀");
    // A cursor that was never an id works too: it is a position in the order.
    assertThat(ids(store().list("b", 10))).containsExactly("é", "\uFFFD", "😀");
  }
}
