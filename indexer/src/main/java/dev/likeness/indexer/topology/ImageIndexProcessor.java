package dev.likeness.indexer.topology;

import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.contract.record.HashValue;
import dev.likeness.contract.record.ImageHeaders;
import dev.likeness.contract.record.ImageId;
import dev.likeness.contract.record.MetadataLimitException;
import dev.likeness.contract.record.MetadataLimits;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.feature.ImageSource;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.RejectReason;
import dev.likeness.indexer.store.FeatureStore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each record of the images topic into features: indexes good images, deletes on tombstones,
 * and sends anything it cannot index to the dead-letter sink with the reason.
 */
final class ImageIndexProcessor implements Processor<byte[], byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(ImageIndexProcessor.class);

  /**
   * Largest encoded feature record: well under the producer's 1 MiB request limit. A real image's
   * record is tens of KB (a thumbnail, at most 160 keypoints, metadata within {@link
   * MetadataLimits}).
   */
  static final int MAX_FEATURE_RECORD_BYTES = 768 * 1024;

  static final String METADATA_TOO_LARGE = "metadata-too-large";
  static final String FEATURES_TOO_LARGE = "features-too-large";
  static final String WRITE_FAILED = "write-failed";

  private final String storeName;
  private final String imagesTopic;
  private final FeatureExtractor extractor;
  private final Clock clock;
  private final IndexerMetrics metrics;
  private final FailedWrites failedWrites;
  private ProcessorContext<String, byte[]> context;
  private FeatureStore store;

  ImageIndexProcessor(
      String storeName,
      String imagesTopic,
      FeatureExtractor extractor,
      Clock clock,
      IndexerMetrics metrics,
      FailedWrites failedWrites) {
    this.storeName = storeName;
    this.imagesTopic = imagesTopic;
    this.failedWrites = failedWrites;
    this.extractor = extractor;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    // Runs after restoration, which rebuilt the index if it restored anything.
    store.ensureIndexed();
    context.schedule(
        ImageTopology.CONSISTENCY_CHECK_INTERVAL,
        PunctuationType.WALL_CLOCK_TIME,
        now -> metrics.consistencyChecked(store.checkConsistency()));
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    // A store re-opened without this processor's init (a task revived in place) is built here,
    // before the first record changes it.
    store.ensureIndexed();
    RecordMetadata where = context.recordMetadata().orElse(null);
    String id = decodeId(record.key());
    Optional<FailedWrites.Failure> failed =
        where == null
            ? Optional.empty()
            : failedWrites.take(where.topic(), where.partition(), where.offset(), id);
    if (failed.isPresent()) {
      replayOfFailedWrite(record, failed.get());
      return;
    }
    if (id == null) {
      reject(
          record,
          null,
          "bad-id",
          "the key is not a valid image id (UTF-8, 1-256 characters, no control characters)");
      return;
    }
    if (record.value() == null) {
      boolean existed = store.delete(id);
      metrics.deleted();
      log.debug("Deleted {} (was indexed: {})", id, existed);
      return;
    }
    ImageSource source =
        new ImageSource(
            ImageHeaders.get(record.headers(), ImageHeaders.CONTENT_TYPE),
            ImageHeaders.get(record.headers(), ImageHeaders.SOURCE),
            ImageHeaders.uploadedAt(record.headers(), record.timestamp()),
            ImageHeaders.metadata(record.headers()));
    try {
      // Clients of the API and CLI are held to these already; anyone may write to the topic.
      MetadataLimits.check(source.metadata(), source.source());
      MetadataLimits.checkContentType(source.contentType());
    } catch (MetadataLimitException e) {
      reject(record, id, METADATA_TOO_LARGE, e.getMessage());
      return;
    }
    if (HashValue.CONTENT_TYPE.equals(source.contentType())) {
      indexImportedHash(record, id, source);
      return;
    }
    FeatureRecord features;
    long start = System.nanoTime();
    try {
      features = extractor.extract(record.value(), source, clock.millis());
    } catch (ImageRejectedException e) {
      reject(record, id, e.reason().code(), e.getMessage());
      return;
    } catch (OutOfMemoryError e) {
      // The heap, not the image: the dead letter says so, and the image can be published again.
      log.warn("Out of memory extracting features of {}", id);
      reject(
          record,
          id,
          RejectReason.OUT_OF_MEMORY.code(),
          "the node ran out of memory extracting features; publish the image again once it has heap to spare");
      return;
    } catch (RuntimeException | StackOverflowError e) {
      // A bug or a hostile input the decoder did not foresee must not stop the stream.
      log.warn("Unexpected failure extracting features of {}: {}", id, e.toString());
      reject(record, id, "internal-error", "feature extraction failed: " + e);
      return;
    }
    metrics.extracted(System.nanoTime() - start);
    index(record, id, features);
  }

  /** A record whose output the cluster refused before: a dead letter now, not the same failure. */
  private void replayOfFailedWrite(Record<byte[], byte[]> record, FailedWrites.Failure failure) {
    String id = decodeId(record.key());
    if (failure.deadLetter()) {
      // Even its dead letter was refused: nothing can be written for it, so it is left behind.
      metrics.rejected(WRITE_FAILED);
      log.error(
          "Skipped image {}: neither its features nor its dead letter could be written ({})",
          id != null ? id : DeadLetter.keyOf(record.key()),
          failure.detail());
      return;
    }
    reject(record, id, WRITE_FAILED, failure.detail());
  }

  /** A hash that another system computed, published without its image. */
  private void indexImportedHash(Record<byte[], byte[]> record, String id, ImageSource source) {
    PdqHash hash;
    try {
      hash = HashValue.parse(record.value());
    } catch (IllegalArgumentException e) {
      reject(record, id, "bad-hash", e.getMessage());
      return;
    }
    metrics.imported();
    index(record, id, FeatureExtractor.fromImportedHash(hash, source, clock.millis()));
  }

  private void index(Record<byte[], byte[]> record, String id, FeatureRecord features) {
    byte[] encoded = FeatureRecordCodec.encode(features);
    if (encoded.length > MAX_FEATURE_RECORD_BYTES) {
      // Checked before the store sees it: a record the producer refuses would stop the stream.
      reject(
          record,
          id,
          FEATURES_TOO_LARGE,
          "the feature record would be "
              + encoded.length
              + " bytes; the limit is "
              + MAX_FEATURE_RECORD_BYTES);
      return;
    }
    store.put(id, features, encoded);
  }

  private void reject(Record<byte[], byte[]> record, String id, String reason, String detail) {
    RecordMetadata where = context.recordMetadata().orElse(null);
    DeadLetter letter =
        new DeadLetter(
            id,
            reason,
            DeadLetter.bounded(detail),
            where == null ? imagesTopic : where.topic(),
            where == null ? -1 : where.partition(),
            where == null ? -1 : where.offset(),
            record.value() == null ? 0 : record.value().length);
    RecordHeaders headers = DeadLetter.carriedHeaders(record.headers());
    letter.addTo(headers);
    String key = id != null ? id : DeadLetter.keyOf(record.key());
    context.forward(
        new Record<>(key, letter.toJson(), record.timestamp(), headers),
        ImageTopology.REJECTED_SINK);
    // The topic is the truth: a bad re-upload under a known id replaces (removes) the old image.
    if (id != null) {
      store.delete(id);
    }
    metrics.rejected(reason);
    log.info(
        "Rejected image {} at {}-{}@{}: {} ({})",
        key,
        letter.topic(),
        letter.partition(),
        letter.offset(),
        reason,
        detail);
  }

  private static String decodeId(byte[] key) {
    if (key == null) {
      return null;
    }
    try {
      String id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(key))
              .toString();
      return ImageId.isValid(id) ? id : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
