package dev.likeness.indexer.topology;

import dev.likeness.contract.record.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stream does when one of its writes fails for good: it notes the image being processed in
 * {@link FailedWrites} and fails, so that the record is replayed (under exactly-once the
 * transaction is lost anyway) and then dead-lettered by {@link ImageIndexProcessor} instead of
 * failing again. Kafka Streams' default only fails, and the replayed record failed for ever: one
 * image the cluster refused stopped the node. Transient failures are retried as by default.
 *
 * <p>The indexer sizes its records so that none should fail; this is the backstop for whatever
 * still does, such as a topic whose {@code max.message.bytes} an operator lowered.
 */
public final class DeadLetterOnFailedWrite implements ProductionExceptionHandler {
  /** The config key under which {@link #configure} finds the node's {@link FailedWrites}. */
  public static final String FAILED_WRITES_CONFIG = "likeness.indexer.failed-writes";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterOnFailedWrite.class);

  private FailedWrites failedWrites;

  /** The Streams properties that install this handler, noting failures in {@code failedWrites}. */
  public static Map<String, Object> streamsConfig(FailedWrites failedWrites) {
    return Map.of(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterOnFailedWrite.class,
        FAILED_WRITES_CONFIG,
        failedWrites);
  }

  @Override
  public void configure(Map<String, ?> configs) {
    if (!(configs.get(FAILED_WRITES_CONFIG) instanceof FailedWrites f)) {
      throw new IllegalArgumentException(FAILED_WRITES_CONFIG + " must be the node's FailedWrites");
    }
    failedWrites = f;
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return noteAndFail(context, record, "could not write to " + record.topic() + ": " + exception);
  }

  @Override
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return noteAndFail(
        context,
        record,
        "could not serialise the "
            + origin.toString().toLowerCase(Locale.ROOT)
            + " of a record for "
            + record.topic()
            + ": "
            + exception);
  }

  private Response noteAndFail(
      ErrorHandlerContext context, ProducerRecord<?, ?> failed, String detail) {
    boolean deadLetter = Topics.REJECTED.equals(failed.topic());
    FailedWrites.Failure failure = new FailedWrites.Failure(DeadLetter.bounded(detail), deadLetter);
    String what;
    if (context.topic() != null && context.offset() >= 0) {
      failedWrites.record(context.topic(), context.partition(), context.offset(), failure);
      what = context.topic() + "-" + context.partition() + "@" + context.offset();
    } else {
      // A changelog write's context has no input position; its key is the image id.
      String id = keyText(failed.key());
      if (id == null) {
        log.error("A write to {} failed and its input cannot be told: {}", failed.topic(), detail);
        return Response.fail();
      }
      failedWrites.recordId(id, failure);
      what = "image " + id;
    }
    log.warn(
        "A write for {} failed; the record will be {} when replayed: {}",
        what,
        deadLetter ? "skipped" : "dead-lettered",
        detail);
    return Response.fail();
  }

  private static String keyText(Object key) {
    if (key instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (key instanceof Bytes bytes) {
      return new String(bytes.get(), StandardCharsets.UTF_8);
    }
    return key == null ? null : key.toString();
  }
}
