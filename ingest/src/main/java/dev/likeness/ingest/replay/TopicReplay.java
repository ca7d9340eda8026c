package dev.likeness.ingest.replay;

import dev.likeness.contract.kafka.KafkaClientSettings;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies every record of one images topic into another: key, value (tombstones too, so deletes stay
 * deletes), headers and timestamp, letting the producer's default partitioner place each key among
 * the target's partitions. A source partition is read in order and all records of a key come from
 * one source partition, so each key's records keep their order in the target.
 *
 * <p>Runs up to the end offsets read at the start, or, following, until {@link #stop()}. One {@link
 * #run} per instance; {@link #stop()} may be called from any thread.
 */
public final class TopicReplay {
  /** Told how far a replay is, from the thread that runs it, at most every {@code interval}. */
  public interface Progress {
    /**
     * @param copied records the target has acknowledged so far
     * @param behind source offsets not yet read: up to the end offsets taken at the start, or,
     *     following, up to the latest end offsets
     */
    void report(long copied, long behind);
  }

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

  private final String bootstrapServers;
  private final String source;
  private final String target;
  private final int maxImageBytes;
  private final KafkaClientSettings kafka;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicLong copied = new AtomicLong();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private volatile Consumer<byte[], byte[]> consumer;

  /**
   * A replay from {@code source} to {@code target} (which must exist), sized for images of up to
   * {@code maxImageBytes}.
   */
  public TopicReplay(String bootstrapServers, String source, String target, int maxImageBytes) {
    this(bootstrapServers, source, target, maxImageBytes, KafkaClientSettings.none());
  }

  /** Like the plain replay, with the operator's client settings ({@code --kafka-config}). */
  public TopicReplay(
      String bootstrapServers,
      String source,
      String target,
      int maxImageBytes,
      KafkaClientSettings kafka) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.source = Objects.requireNonNull(source, "source");
    this.target = Objects.requireNonNull(target, "target");
    this.maxImageBytes = maxImageBytes;
    if (source.equals(target)) {
      throw new IllegalArgumentException("source and target must differ, both were " + source);
    }
  }

  /**
   * Copies the source from its beginning: up to the end offsets at the start, or with {@code
   * follow} until {@link #stop()}; then waits until the target has every record sent.
   *
   * @return the number of records copied
   * @throws KafkaException if a record cannot be read or written; what was acknowledged before
   *     stays
   */
  public long run(boolean follow, Progress progress) {
    try (Consumer<byte[], byte[]> in =
            new KafkaConsumer<>(
                consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Producer<byte[], byte[]> out =
            new KafkaProducer<>(
                producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer = in;
      long behind = 0;
      try {
        List<TopicPartition> partitions =
            in.partitionsFor(source).stream()
                .map(p -> new TopicPartition(source, p.partition()))
                .toList();
        if (partitions.isEmpty()) {
          throw new KafkaException("topic " + source + " does not exist");
        }
        in.assign(partitions);
        in.seekToBeginning(partitions);
        // read_committed: end offsets are the last stable offsets, so nothing aborted is copied.
        Map<TopicPartition, Long> end = in.endOffsets(partitions);
        behind = behind(in, end);
        long lastReport = System.nanoTime();
        long reported = -1;
        while (!stopped.get() && (follow || behind > 0)) {
          for (ConsumerRecord<byte[], byte[]> r : in.poll(POLL)) {
            send(out, r);
          }
          throwIfSendFailed();
          if (!follow) {
            behind = behind(in, end);
          }
          if (System.nanoTime() - lastReport >= PROGRESS_INTERVAL.toNanos()) {
            if (follow) {
              end = in.endOffsets(partitions);
              behind = behind(in, end);
            }
            // Following an idle topic: report once, not every interval.
            if (copied.get() != reported || behind > 0) {
              progress.report(copied.get(), behind);
              reported = copied.get();
            }
            lastReport = System.nanoTime();
          }
        }
      } catch (WakeupException e) {
        // stop() woke a blocking call: finish what was sent.
      }
      out.flush();
      throwIfSendFailed();
      progress.report(copied.get(), behind);
      return copied.get();
    } finally {
      consumer = null;
    }
  }

  /** Ends a running replay after what it has read is written; safe from any thread. */
  public void stop() {
    stopped.set(true);
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Records the target has acknowledged so far. */
  public long copied() {
    return copied.get();
  }

  private void send(Producer<byte[], byte[]> out, ConsumerRecord<byte[], byte[]> r) {
    // No partition: the default partitioner hashes the key bytes, as for a publisher's String key.
    ProducerRecord<byte[], byte[]> copy =
        new ProducerRecord<>(target, null, r.timestamp(), r.key(), r.value(), r.headers());
    out.send(
        copy,
        (meta, e) -> {
          if (e == null) {
            copied.incrementAndGet();
          } else {
            sendFailure.compareAndSet(null, e);
          }
        });
  }

  private void throwIfSendFailed() {
    Exception e = sendFailure.get();
    if (e != null) {
      throw new KafkaException("could not write to " + target + ": " + e.getMessage(), e);
    }
  }

  private static long behind(Consumer<byte[], byte[]> in, Map<TopicPartition, Long> end) {
    long sum = 0;
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      sum += Math.max(0, e.getValue() - in.position(e.getKey()));
    }
    return sum;
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "likeness-replay");
    // Assigned partitions and no group: nothing is committed, a rerun starts from the beginning.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
    p.putAll(kafka.forConsumer());
    return p;
  }

  private Properties producerProperties() {
    // The publisher's settings: idempotent, acks=all, sized for the largest image.
    return ImagePublisher.producerProperties(
        PublisherConfig.of(bootstrapServers)
            .withMaxImageBytes(maxImageBytes)
            .withClientId("likeness-replay")
            .withImagesTopic(target)
            .withKafka(kafka));
  }
}
