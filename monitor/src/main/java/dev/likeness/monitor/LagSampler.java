package dev.likeness.monitor;

import dev.likeness.contract.kafka.KafkaClientSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a group's lag on a topic with the Admin API only, so it works against any cluster with or
 * without a node running: committed offsets, end offsets, and the members' assignments (owners).
 * Not thread-safe: call {@link #sample} from one thread.
 */
public final class LagSampler implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final String groupId;
  private final String topic;
  private final LagTracker tracker;
  private final Clock clock;
  private final AutoCloseable timestamps;

  LagSampler(
      Admin admin,
      String groupId,
      String topic,
      LagTracker tracker,
      Clock clock,
      AutoCloseable timestamps) {
    this.admin = admin;
    this.groupId = groupId;
    this.topic = topic;
    this.tracker = tracker;
    this.clock = clock;
    this.timestamps = timestamps;
  }

  /**
   * Connects to the cluster to sample the lag of {@code applicationId} on {@code topic}.
   *
   * @param stallWindow how long the committed offset must stand still, with records waiting, for
   *     STALLED
   */
  public static LagSampler connect(
      String bootstrapServers, String applicationId, String topic, Duration stallWindow) {
    return connect(bootstrapServers, applicationId, topic, stallWindow, KafkaClientSettings.none());
  }

  /**
   * Like {@link #connect(String, String, String, Duration)}, with the operator's client settings
   * ({@code --kafka-config}) for both of its clients.
   */
  public static LagSampler connect(
      String bootstrapServers,
      String applicationId,
      String topic,
      Duration stallWindow,
      KafkaClientSettings kafka) {
    String clientId = applicationId + "-lag-monitor";
    Admin admin =
        Admin.create(
            kafka.admin(
                bootstrapServers,
                Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    clientId,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) REQUEST_TIMEOUT.toMillis() / 2,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    (int) REQUEST_TIMEOUT.toMillis())));
    ConsumerRecordTimestamps timestamps =
        new ConsumerRecordTimestamps(bootstrapServers, topic, clientId + "-reader", kafka);
    return new LagSampler(
        admin,
        applicationId,
        topic,
        new LagTracker(applicationId, topic, stallWindow, timestamps),
        Clock.systemUTC(),
        timestamps);
  }

  /** Reads the offsets now and returns the lag. */
  public LagReport sample() {
    return tracker.update(snapshot());
  }

  /** The consumer group read. */
  public String groupId() {
    return groupId;
  }

  private OffsetsSnapshot snapshot() {
    TopicDescription description;
    try {
      description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    } catch (LagUnavailableException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new LagUnavailableException(
            "topic " + topic + " does not exist (has a node ever started?)", e.getCause());
      }
      throw e;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    description
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    // Committed offsets first: read after the end offsets, a fast consumer could show a negative
    // lag.
    Map<Integer, Long> committed = committed();
    long now = clock.millis();
    Map<Integer, Long> ends = offsets(latest);
    Map<Integer, Long> starts = Map.of();
    if (!committed.keySet().containsAll(ends.keySet())) {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      latest.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
      starts = offsets(earliest);
    }
    return new OffsetsSnapshot(now, ends, committed, starts, owners());
  }

  private Map<Integer, Long> committed() {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
    Map<Integer, Long> byPartition = new HashMap<>();
    offsets.forEach(
        (tp, om) -> {
          if (om != null && tp.topic().equals(topic)) {
            byPartition.put(tp.partition(), om.offset());
          }
        });
    return byPartition;
  }

  private Map<Integer, Long> offsets(Map<TopicPartition, OffsetSpec> specs) {
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
        await(admin.listOffsets(specs).all());
    Map<Integer, Long> byPartition = new HashMap<>();
    infos.forEach((tp, info) -> byPartition.put(tp.partition(), info.offset()));
    return byPartition;
  }

  private Map<Integer, String> owners() {
    ConsumerGroupDescription group;
    try {
      group = await(admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId));
    } catch (LagUnavailableException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
    Map<Integer, String> owners = new HashMap<>();
    for (MemberDescription m : group.members()) {
      String owner = m.clientId() + "@" + m.host().replaceFirst("^/", "");
      m.assignment().topicPartitions().stream()
          .filter(tp -> tp.topic().equals(topic))
          .forEach(tp -> owners.put(tp.partition(), owner));
    }
    return owners;
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(REQUEST_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new LagUnavailableException(
          cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new LagUnavailableException(
          "Kafka did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LagUnavailableException("interrupted", e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    try {
      timestamps.close();
    } catch (Exception e) {
      // Closing a reader that may never have connected: nothing to report.
    }
  }
}
