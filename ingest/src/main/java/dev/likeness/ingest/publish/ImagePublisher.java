package dev.likeness.ingest.publish;

import dev.likeness.contract.record.ImageHeaders;
import dev.likeness.contract.record.ImageId;
import dev.likeness.contract.record.ImageTopic;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.contract.record.PublishResult;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes images and deletions to the images topic ({@link PublisherConfig#imagesTopic()}): an
 * idempotent producer with {@code acks=all}, because that topic is the source of truth the whole
 * index is rebuilt from.
 *
 * <p>Thread-safe; share one per process.
 */
public final class ImagePublisher implements ImageTopic, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImagePublisher.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** The producer's default buffer; raised when one record alone would not fit in it. */
  private static final long MIN_BUFFER_MEMORY = 32L * 1024 * 1024;

  private final Producer<String, byte[]> producer;
  private final int maxImageBytes;
  private final String bootstrapServers;
  private final String topic;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Connects a producer configured as {@link #producerProperties} describes. */
  public ImagePublisher(PublisherConfig config) {
    this.maxImageBytes = config.maxImageBytes();
    this.bootstrapServers = config.bootstrapServers();
    this.topic = config.imagesTopic();
    this.producer =
        new KafkaProducer<>(
            producerProperties(config), new StringSerializer(), new ByteArraySerializer());
  }

  /** The producer properties for a configuration; public so operators can see what is set. */
  public static Properties producerProperties(PublisherConfig config) {
    int maxRecord = RecordSize.forImageLimit(config.maxImageBytes());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRecord));
    // A full-size image must fit in the accumulator, or send() rejects it outright.
    p.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG,
        Long.toString(Math.max(MIN_BUFFER_MEMORY, 2L * maxRecord)));
    // JPEG/PNG/WebP are compressed already; compressing again costs CPU and gains nothing.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    // A few ms lets small images from a folder walk share a batch without delaying single uploads.
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    // Give up on a record after one minute (retries included) so a dead cluster fails the
    // command instead of hanging it; must be >= linger.ms + request.timeout.ms.
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Long.toString(PublisherConfig.REQUEST_TIMEOUT.toMillis()));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    // The operator's settings (security, tunings) over these defaults; the flags' own over both.
    p.putAll(config.kafka().forProducer());
    p.putAll(config.extraProperties());
    // No duplicates on retry and no loss on a leader change: the topic is the source of truth.
    // Set after the extra properties, which may tune the producer but not weaken this.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return p;
  }

  /**
   * Sends an image; the future completes once all in-sync replicas have it.
   *
   * <p>Never throws: an image over the limit or a send error completes the future exceptionally.
   */
  @Override
  public CompletableFuture<PublishResult> publish(ImageUpload upload) {
    try {
      upload.requireAtMost(maxImageBytes);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, upload.id(), upload.bytes());
    addHeaders(record.headers(), upload);
    return send(record);
  }

  /**
   * Sends a tombstone (null value), which removes the image from the index and, after compaction,
   * from the topic.
   */
  @Override
  public CompletableFuture<PublishResult> delete(String id) {
    try {
      ImageId.validate(id);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send(new ProducerRecord<>(topic, id, null));
  }

  /** Blocks until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /** The Kafka bootstrap servers this publisher sends to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Sends what is buffered (waiting up to 30 s) and closes the producer. */
  @Override
  public void close() {
    close(CLOSE_TIMEOUT);
  }

  /**
   * Closes the producer, waiting at most {@code timeout} for what is buffered; records still unsent
   * then fail. {@link Duration#ZERO} gives up on them at once, for a cluster known to be gone.
   * Later calls do nothing.
   */
  public void close(Duration timeout) {
    if (closed.compareAndSet(false, true)) {
      producer.close(timeout);
    }
  }

  private CompletableFuture<PublishResult> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<PublishResult> result = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              log.debug("publishing {} failed", record.key(), error);
              result.completeExceptionally(error);
            } else {
              result.complete(
                  new PublishResult(record.key(), metadata.partition(), metadata.offset()));
            }
          });
    } catch (RuntimeException e) {
      // send() throws for some errors (closed producer, metadata timeout) instead of calling back.
      result.completeExceptionally(e);
    }
    return result;
  }

  private static void addHeaders(Headers headers, ImageUpload upload) {
    if (!upload.contentType().isEmpty()) {
      ImageHeaders.put(headers, ImageHeaders.CONTENT_TYPE, upload.contentType());
    }
    if (!upload.source().isEmpty()) {
      ImageHeaders.put(headers, ImageHeaders.SOURCE, upload.source());
    }
    ImageHeaders.put(headers, ImageHeaders.UPLOADED_AT, Long.toString(upload.uploadedAt()));
    for (Map.Entry<String, String> e : upload.metadata().entrySet()) {
      ImageHeaders.put(headers, ImageHeaders.META_PREFIX + e.getKey(), e.getValue());
    }
  }
}
