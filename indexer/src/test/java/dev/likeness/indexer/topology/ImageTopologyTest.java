package dev.likeness.indexer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.HashValue;
import dev.likeness.contract.record.ImageHeaders;
import dev.likeness.contract.record.RejectedHeaders;
import dev.likeness.contract.record.Topics;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.indexer.store.FeatureStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTopologyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> images;
  private TestOutputTopic<String, byte[]> rejected;
  private SimpleMeterRegistry registry;
  private FailedWrites failedWrites;
  @TempDir Path stateDir;

  static byte[] image(String name) throws IOException {
    try (InputStream in =
        ImageTopologyTest.class.getResourceAsStream("/pdq-vectors/images/" + name)) {
      assertThat(in).as("test image %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  static byte[] key(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    registry = new SimpleMeterRegistry();
    ImageTopology indexer =
        new ImageTopology(new FeatureExtractor(), new IndexerMetrics(registry), CLOCK);
    failedWrites = indexer.failedWrites();
    driver =
        new TopologyTestDriver(indexer.build(new TopologyConfig(new StreamsConfig(props))), props);
    images =
        driver.createInputTopic(
            Topics.IMAGES, new ByteArraySerializer(), new ByteArraySerializer());
    rejected =
        driver.createOutputTopic(
            Topics.REJECTED, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private FeatureStore store() {
    return (FeatureStore) driver.getStateStore(ImageTopology.STORE);
  }

  @Test
  void indexesAnImageWithItsHeadersAndForwardsItsFeatures() throws IOException {
    RecordHeaders headers = new RecordHeaders();
    ImageHeaders.put(headers, ImageHeaders.CONTENT_TYPE, "image/jpeg");
    ImageHeaders.put(headers, ImageHeaders.SOURCE, "bridge.jpg");
    ImageHeaders.put(headers, ImageHeaders.UPLOADED_AT, "1700000000000");
    ImageHeaders.put(headers, "meta.owner", "ada");
    images.pipeInput(
        new TestRecord<>(key("bridge"), image("bridge-mods_aaa-orig.jpg"), headers, Instant.now()));

    FeatureRecord stored = store().get("bridge").orElseThrow();
    assertThat(stored.source()).isEqualTo("bridge.jpg");
    assertThat(stored.metadata()).containsEntry("owner", "ada");
    assertThat(stored.uploadedAt()).isEqualTo(1_700_000_000_000L);
    assertThat(stored.indexedAt()).isEqualTo(CLOCK.millis());
    assertThat(stored.format()).isEqualTo("jpeg");
    assertThat(stored.hasThumbnail()).isTrue();
    assertThat(store().search(MatchFeatures.ofHashes(stored.hashes()), 5, 0))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.match().id()).isEqualTo("bridge");
              // The answer's record carries what describes the image, not its payload.
              assertThat(m.record().metadata()).containsEntry("owner", "ada");
              assertThat(m.record().hasThumbnail()).isFalse();
            });

    assertThat(rejected.isEmpty()).isTrue();
    assertThat(registry.get("likeness.images.indexed").counter().count()).isEqualTo(1.0);
  }

  @Test
  void reindexingTheSameIdReplacesItsEntry() throws IOException {
    images.pipeInput(key("x"), image("bridge-mods_aaa-orig.jpg"));
    FeatureRecord first = store().get("x").orElseThrow();
    images.pipeInput(key("x"), image("misc-images_c.png"));
    FeatureRecord second = store().get("x").orElseThrow();

    assertThat(second.hashes().original()).isNotEqualTo(first.hashes().original());
    assertThat(store().size()).isEqualTo(1);
    assertThat(store().search(MatchFeatures.ofHashes(first.hashes()), 5, 31)).isEmpty();
    assertThat(store().search(MatchFeatures.ofHashes(second.hashes()), 5, 0))
        .extracting(m -> m.match().id())
        .containsExactly("x");
  }

  @Test
  void aTombstoneDeletesFromStoreAndIndex() throws IOException {
    images.pipeInput(key("gone"), image("bridge-mods_aaa-orig.jpg"));
    FeatureRecord rec = store().get("gone").orElseThrow();
    images.pipeInput(key("gone"), (byte[]) null);

    assertThat(store().get("gone")).isEmpty();
    assertThat(store().size()).isZero();
    assertThat(store().search(MatchFeatures.ofHashes(rec.hashes()), 5, 256)).isEmpty();
    assertThat(registry.get("likeness.images.deleted").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aPoisonPillGoesToTheDeadLetterTopicAndTheNextImageStillIndexes() throws IOException {
    byte[] garbage = "definitely not an image".getBytes(StandardCharsets.UTF_8);
    byte[] truncatedJpeg = Arrays.copyOf(image("bridge-mods_aaa-orig.jpg"), 200);
    images.pipeInput(key("junk"), garbage);
    images.pipeInput(key("half"), truncatedJpeg);
    images.pipeInput(key("good"), image("bridge-mods_aaa-orig.jpg"));

    List<TestRecord<String, byte[]>> dead = rejected.readRecordsToList();
    assertThat(dead).extracting(TestRecord::key).containsExactly("junk", "half");
    assertThat(ImageHeaders.get(dead.get(0).headers(), RejectedHeaders.REASON))
        .isEqualTo("unsupported-format");
    assertThat(ImageHeaders.get(dead.get(1).headers(), RejectedHeaders.REASON))
        .isEqualTo("corrupt");
    assertThat(ImageHeaders.get(dead.get(0).headers(), RejectedHeaders.SOURCE_OFFSET))
        .isEqualTo("0");
    assertThat(ImageHeaders.get(dead.get(1).headers(), RejectedHeaders.SOURCE_OFFSET))
        .isEqualTo("1");
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
        .contains("\"reason\":\"unsupported-format\"");
    assertThat(store().get("good")).isPresent();
    assertThat(store().get("junk")).isEmpty();
    assertThat(registry.get("likeness.images.rejected").tag("reason", "corrupt").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aKeyThatIsNotAValidIdIsRejected() throws IOException {
    images.pipeInput(new byte[] {(byte) 0xC3, (byte) 0x28}, image("bridge-mods_aaa-orig.jpg"));
    images.pipeInput((byte[]) null, image("bridge-mods_aaa-orig.jpg"));

    List<TestRecord<String, byte[]>> dead = rejected.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .allSatisfy(
            r ->
                assertThat(ImageHeaders.get(r.headers(), RejectedHeaders.REASON))
                    .isEqualTo("bad-id"));
    assertThat(store().size()).isZero();
  }

  @Test
  void aBadReuploadUnderAKnownIdRemovesTheOldImage() throws IOException {
    images.pipeInput(key("p"), image("bridge-mods_aaa-orig.jpg"));
    images.pipeInput(key("p"), "garbage".getBytes(StandardCharsets.UTF_8));

    assertThat(store().get("p")).isEmpty();
    assertThat(rejected.readRecordsToList()).hasSize(1);
    assertThat(store().size()).isZero();
  }

  @Test
  void anImportedHashIsIndexedWithoutAnImageAndABadOneIsRejected() {
    String hex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    RecordHeaders headers = new RecordHeaders();
    ImageHeaders.put(headers, ImageHeaders.CONTENT_TYPE, HashValue.CONTENT_TYPE);
    ImageHeaders.put(headers, "meta.list", "known");
    images.pipeInput(
        new TestRecord<>(
            key("known-1"),
            (hex + ",93").getBytes(StandardCharsets.UTF_8),
            headers,
            Instant.now()));
    RecordHeaders bad = new RecordHeaders();
    ImageHeaders.put(bad, ImageHeaders.CONTENT_TYPE, HashValue.CONTENT_TYPE);
    images.pipeInput(
        new TestRecord<>(
            key("known-2"), "xyz".getBytes(StandardCharsets.UTF_8), bad, Instant.now()));

    FeatureRecord rec = store().get("known-1").orElseThrow();
    assertThat(rec.hashes().original()).isEqualTo(Hash256.fromHex(hex));
    assertThat(rec.hashes().quality()).isEqualTo(93);
    assertThat(rec.format()).isEqualTo(FeatureExtractor.IMPORTED_FORMAT);
    assertThat(rec.hasThumbnail()).isFalse();
    assertThat(rec.metadata()).containsEntry("list", "known");
    assertThat(store().search(MatchFeatures.ofHash(Hash256.fromHex(hex), 93), 5, 0))
        .extracting(m -> m.match().id())
        .containsExactly("known-1");
    assertThat(store().get("known-2")).isEmpty();
    TestRecord<String, byte[]> dead = rejected.readRecord();
    assertThat(dead.key()).isEqualTo("known-2");
    assertThat(ImageHeaders.get(dead.headers(), RejectedHeaders.REASON)).isEqualTo("bad-hash");
    assertThat(registry.get("likeness.hashes.imported").counter().count()).isEqualTo(1.0);
  }

  @Test
  void metadataOverTheLimitsIsDeadLetteredWithoutItsHeaders() throws IOException {
    RecordHeaders headers = new RecordHeaders();
    ImageHeaders.put(headers, ImageHeaders.CONTENT_TYPE, "image/jpeg");
    ImageHeaders.put(headers, "meta.small", "kept");
    ImageHeaders.put(headers, "meta.huge", "x".repeat(1_500_000));
    images.pipeInput(
        new TestRecord<>(
            key("big-meta"), image("bridge-mods_aaa-orig.jpg"), headers, Instant.now()));
    images.pipeInput(key("next"), image("bridge-mods_aaa-orig.jpg"));

    TestRecord<String, byte[]> dead = rejected.readRecord();
    assertThat(dead.key()).isEqualTo("big-meta");
    assertThat(ImageHeaders.get(dead.headers(), RejectedHeaders.REASON))
        .isEqualTo("metadata-too-large");
    assertThat(ImageHeaders.get(dead.headers(), RejectedHeaders.DETAIL)).contains("the limit is");
    // The letter carries the small headers, not the one that made the record too large.
    assertThat(ImageHeaders.get(dead.headers(), "meta.small")).isEqualTo("kept");
    assertThat(dead.headers().lastHeader("meta.huge")).isNull();
    assertThat(store().get("big-meta")).isEmpty();
    assertThat(store().get("next")).isPresent();
  }

  @Test
  void aHugeInvalidKeyMakesASmallDeadLetter() throws IOException {
    byte[] huge = new byte[1_000_000];
    Arrays.fill(huge, (byte) 0x01);
    images.pipeInput(huge, image("bridge-mods_aaa-orig.jpg"));

    TestRecord<String, byte[]> dead = rejected.readRecord();
    assertThat(dead.key()).hasSizeLessThanOrEqualTo(256);
    assertThat(dead.value().length).isLessThan(8 * 1024);
  }

  @Test
  void aRecordWhoseWriteFailedIsDeadLetteredWhenReplayed() throws IOException {
    // The production handler noted that the first record's output was refused (offset 0).
    failedWrites.record(
        Topics.IMAGES,
        0,
        0,
        new FailedWrites.Failure("could not write to app-features-changelog: too large", false));
    images.pipeInput(key("refused"), image("bridge-mods_aaa-orig.jpg"));
    images.pipeInput(key("fine"), image("bridge-mods_aaa-orig.jpg"));

    TestRecord<String, byte[]> dead = rejected.readRecord();
    assertThat(dead.key()).isEqualTo("refused");
    assertThat(ImageHeaders.get(dead.headers(), RejectedHeaders.REASON)).isEqualTo("write-failed");
    assertThat(ImageHeaders.get(dead.headers(), RejectedHeaders.DETAIL))
        .contains("features-changelog");
    assertThat(store().get("refused")).isEmpty();
    assertThat(store().get("fine")).isPresent();
    assertThat(rejected.readRecordsToList()).isEmpty();
  }

  @Test
  void aRecordWhoseChangelogWriteFailedIsDeadLetteredOnceByItsId() throws IOException {
    // A changelog write's error context has no input position: the handler notes the image id.
    failedWrites.recordId(
        "by-id", new FailedWrites.Failure("could not write to app-features-changelog", false));
    images.pipeInput(key("by-id"), image("bridge-mods_aaa-orig.jpg"));
    TestRecord<String, byte[]> dead = rejected.readRecord();
    assertThat(dead.key()).isEqualTo("by-id");
    assertThat(ImageHeaders.get(dead.headers(), RejectedHeaders.REASON)).isEqualTo("write-failed");
    assertThat(store().get("by-id")).isEmpty();

    // Published again, the same id is indexed as usual.
    images.pipeInput(key("by-id"), image("bridge-mods_aaa-orig.jpg"));
    assertThat(store().get("by-id")).isPresent();
    assertThat(rejected.isEmpty()).isTrue();
  }
}
