package dev.likeness.ingest;

import dev.likeness.contract.record.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A consumer of every partition of the images topic, positioned at the first offset. */
final class ImagesTopicFromStart implements AutoCloseable {
  final KafkaConsumer<String, byte[]> consumer;
  final List<TopicPartition> partitions;

  ImagesTopicFromStart(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                // Room for a full-size image record.
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                String.valueOf(17 << 20)),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    partitions =
        consumer.partitionsFor(Topics.IMAGES).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
