package dev.likeness.bench.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The indexers' backlog: how many records of a topic the application's consumer group has not
 * committed yet. The end check waits for it to reach zero, so that an image missing from every
 * index is a loss and not a backlog.
 */
final class GroupLag implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final String topic;

  GroupLag(String bootstrapServers, String group, String topic) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    this.group = group;
    this.topic = topic;
  }

  /** Records of the topic not yet committed by the group, summed over its partitions. */
  long records() throws Exception {
    Map<TopicPartition, Long> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, SECONDS)
            .entrySet()
            .stream()
            .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    Map<TopicPartition, OffsetSpec> latest =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(10, SECONDS)
            .get(topic)
            .partitions()
            .stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(10, SECONDS);
    long lag = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : ends.entrySet()) {
      lag += Math.max(0, e.getValue().offset() - committed.getOrDefault(e.getKey(), 0L));
    }
    return lag;
  }

  @Override
  public void close() {
    admin.close();
  }
}
