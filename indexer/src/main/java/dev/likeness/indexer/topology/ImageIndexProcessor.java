package dev.likeness.indexer.topology;

import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.feature.ImageSource;
import dev.likeness.core.hash.PdqHash;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.RejectReason;
import dev.likeness.core.record.FeatureRecord;
import dev.likeness.core.record.FeatureRecordCodec;
import dev.likeness.core.record.HashValue;
import dev.likeness.core.record.ImageHeaders;
import dev.likeness.core.record.ImageId;
import dev.likeness.core.record.Topics;
import dev.likeness.indexer.store.FeatureStore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each record of {@link Topics#IMAGES} into features: indexes good images, deletes on
 * tombstones, and sends anything it cannot index to the dead-letter sink with the reason.
 */
final class ImageIndexProcessor implements Processor<byte[], byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(ImageIndexProcessor.class);

  private final String storeName;
  private final FeatureExtractor extractor;
  private final Clock clock;
  private final IndexerMetrics metrics;
  private ProcessorContext<String, byte[]> context;
  private FeatureStore store;

  ImageIndexProcessor(String storeName, FeatureExtractor extractor, Clock clock, IndexerMetrics metrics) {
    this.storeName = storeName;
    this.extractor = extractor;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    // Runs after restoration, which writes to RocksDB behind the index's back.
    store.rebuildIndex();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String id = decodeId(record.key());
    if (id == null) {
      reject(record, null, "bad-id", "the key is not a valid image id (UTF-8, 1-256 characters, no control characters)");
      return;
    }
    if (record.value() == null) {
      boolean existed = store.delete(id);
      context.forward(new Record<String, byte[]>(id, null, record.timestamp()), ImageTopology.FEATURES_SINK);
      metrics.deleted();
      log.debug("Deleted {} (was indexed: {})", id, existed);
      return;
    }
    ImageSource source = new ImageSource(
        ImageHeaders.get(record.headers(), ImageHeaders.CONTENT_TYPE),
        ImageHeaders.get(record.headers(), ImageHeaders.SOURCE),
        ImageHeaders.uploadedAt(record.headers(), record.timestamp()),
        ImageHeaders.metadata(record.headers()));
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
      reject(record, id, RejectReason.OUT_OF_MEMORY.code(),
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
    store.put(id, encoded);
    context.forward(new Record<>(id, encoded, record.timestamp()), ImageTopology.FEATURES_SINK);
  }

  private void reject(Record<byte[], byte[]> record, String id, String reason, String detail) {
    RecordMetadata where = context.recordMetadata().orElse(null);
    DeadLetter letter = new DeadLetter(
        id, reason, detail,
        where == null ? Topics.IMAGES : where.topic(),
        where == null ? -1 : where.partition(),
        where == null ? -1 : where.offset(),
        record.value() == null ? 0 : record.value().length);
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    letter.addTo(headers);
    String key = id != null ? id : record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    context.forward(new Record<>(key, letter.toJson(), record.timestamp(), headers), ImageTopology.REJECTED_SINK);
    // The topic is the truth: a bad re-upload under a known id replaces (removes) the old image.
    if (id != null && store.delete(id)) {
      context.forward(new Record<String, byte[]>(id, null, record.timestamp()), ImageTopology.FEATURES_SINK);
    }
    metrics.rejected(reason);
    log.info("Rejected image {} at {}-{}@{}: {} ({})", key, letter.topic(), letter.partition(), letter.offset(), reason, detail);
  }

  private static String decodeId(byte[] key) {
    if (key == null) {
      return null;
    }
    try {
      String id = StandardCharsets.UTF_8.newDecoder()
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
