package dev.likeness.monitor;

import dev.likeness.contract.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads record timestamps with a group-less consumer: assign, seek, poll one record. Opened on
 * first use and kept, since a backlog is read again each time its committed offset moves. Not
 * thread-safe, like the consumer it wraps.
 */
public final class ConsumerRecordTimestamps implements RecordTimestamps, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerRecordTimestamps.class);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);

  private final String bootstrapServers;
  private final String topic;
  private final String clientId;
  private final KafkaClientSettings kafka;
  private KafkaConsumer<byte[], Void> consumer;

  /** Reads from {@code topic} on the cluster at {@code bootstrapServers}. */
  public ConsumerRecordTimestamps(String bootstrapServers, String topic, String clientId) {
    this(bootstrapServers, topic, clientId, KafkaClientSettings.none());
  }

  /** Like the plain reader, with the operator's client settings ({@code --kafka-config}). */
  public ConsumerRecordTimestamps(
      String bootstrapServers, String topic, String clientId, KafkaClientSettings kafka) {
    this.kafka = kafka;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.clientId = clientId;
  }

  @Override
  public OptionalLong timestampAt(int partition, long offset) {
    try {
      KafkaConsumer<byte[], Void> c = consumer();
      TopicPartition tp = new TopicPartition(topic, partition);
      c.assign(List.of(tp));
      c.seek(tp, offset);
      long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], Void> r : c.poll(Duration.ofMillis(200))) {
          return OptionalLong.of(r.timestamp());
        }
      }
      return OptionalLong.empty();
    } catch (RuntimeException e) {
      log.warn(
          "Could not read the record at {}-{} offset {}: {}",
          topic,
          partition,
          offset,
          e.toString());
      return OptionalLong.empty();
    }
  }

  private KafkaConsumer<byte[], Void> consumer() {
    if (consumer == null) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
      // Values are whole images: ask for as little as possible (the broker still sends one batch).
      p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1");
      p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1");
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.putAll(kafka.forConsumer());
      Deserializer<Void> skipValue = (t, data) -> null;
      consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), skipValue);
    }
    return consumer;
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }
}
