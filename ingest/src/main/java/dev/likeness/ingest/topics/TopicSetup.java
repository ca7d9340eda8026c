package dev.likeness.ingest.topics;

import dev.likeness.contract.record.Topics;
import dev.likeness.ingest.publish.RecordSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the record contract (the images topic of a {@link TopicLayout} and {@link
 * Topics#REJECTED}) if they are missing. Safe to run on every start of every producer and node:
 * existing topics are left as they are, with a warning where they differ in a way that matters.
 */
public final class TopicSetup {
  /** How long dead letters are kept: 30 days. */
  public static final long REJECTED_RETENTION_MS = Duration.ofDays(30).toMillis();

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private final Admin admin;
  private final Duration timeout;

  /** Uses the given client, waiting up to {@code timeout} for each Admin call. */
  public TopicSetup(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** Uses the given client with a 30 s timeout per call. */
  public TopicSetup(Admin admin) {
    this(admin, Duration.ofSeconds(30));
  }

  /**
   * Creates whichever of the three topics are missing.
   *
   * @return the names of the topics created by this call (empty if all existed)
   * @throws KafkaException if the cluster cannot be reached or refuses to create a topic
   */
  public List<String> ensure(TopicLayout layout) {
    int brokers = brokers();
    List<String> created = new ArrayList<>();
    for (NewTopic topic : plan(layout, brokers)) {
      try {
        await(admin.createTopics(List.of(topic)).all());
        awaitLeaders(topic.name());
        log.info(
            "created topic {} ({} partitions, replication {})",
            topic.name(),
            topic.numPartitions(),
            topic.replicationFactor());
        created.add(topic.name());
      } catch (TopicExistsException e) {
        log.debug("topic {} exists", topic.name());
      }
    }
    if (!created.contains(layout.imagesTopic())) {
      checkExistingImagesTopic(layout);
    }
    return created;
  }

  /**
   * The number of brokers in the cluster now.
   *
   * @throws KafkaException if the cluster cannot be reached
   */
  public int brokers() {
    return await(admin.describeCluster().nodes()).size();
  }

  /**
   * The topics {@link #ensure} creates on a cluster of {@code brokers} brokers, with their configs.
   */
  public static List<NewTopic> plan(TopicLayout layout, int brokers) {
    short rf = layout.replicationFor(brokers);
    String minInsync = minInsyncFor(rf);
    NewTopic images =
        new NewTopic(layout.imagesTopic(), layout.partitions(), rf)
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.RETENTION_MS_CONFIG,
                    "-1",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(RecordSize.forImageLimit(layout.maxImageBytes())),
                    // Compact as soon as the cleaner likes: a replaced image need not linger.
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                    "0",
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    minInsync));
    NewTopic rejected =
        new NewTopic(Topics.REJECTED, layout.partitions(), rf)
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(REJECTED_RETENTION_MS),
                    // A dead letter may carry the rejected image itself, so it must fit as on the
                    // images topic.
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(RecordSize.forImageLimit(layout.maxImageBytes())),
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    minInsync));
    return List.of(images, rejected);
  }

  /**
   * Creates the images topic of {@code layout} alone, configured as {@link #ensure} would, and
   * fails if it exists: a replay target must start empty.
   *
   * @throws TopicExistsException if the topic exists
   * @throws KafkaException if the cluster cannot be reached or refuses to create it
   */
  public NewTopic createImagesTopic(TopicLayout layout) {
    NewTopic images = plan(layout, brokers()).get(0);
    await(admin.createTopics(List.of(images)).all());
    awaitLeaders(images.name());
    log.info(
        "created topic {} ({} partitions, replication {})",
        images.name(),
        images.numPartitions(),
        images.replicationFactor());
    return images;
  }

  /**
   * Waits until every partition of a topic just created has a leader: the controller answers the
   * creation before the brokers have taken it in, and a producer that writes at once retries its
   * first batches against partitions that are not there yet (an idempotent producer has been seen
   * to lose its sequence on one and stall until its delivery timeout).
   */
  private void awaitLeaders(String topic) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      TopicDescription d;
      try {
        d = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
      } catch (UnknownTopicOrPartitionException e) {
        d = null; // the broker asked has not taken the new topic in yet
      }
      if (d != null
          && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())
          && logsOpen(topic, d.partitions().size())) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new KafkaException(
            "topic "
                + topic
                + " has partitions without a leader "
                + timeout.toSeconds()
                + " s"
                + " after it was created");
      }
      try {
        Thread.sleep(LEADER_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while waiting for the leaders of " + topic, e);
      }
    }
  }

  private static final long LEADER_POLL_MS = 50;

  /**
   * Whether every partition's leader answers for its log: the metadata names a leader before the
   * leader has opened the log, and a produce sent in between was seen to leave an idempotent
   * producer retrying an out-of-order sequence until its delivery timeout.
   */
  private boolean logsOpen(String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try {
      await(admin.listOffsets(ends).all());
      return true;
    } catch (KafkaException e) {
      return false;
    }
  }

  // With three replicas, acks=all should mean "two have it", so one broker may be down.
  private static String minInsyncFor(short rf) {
    return rf >= 3 ? "2" : "1";
  }

  private void checkExistingImagesTopic(TopicLayout layout) {
    TopicDescription d =
        await(admin.describeTopics(List.of(layout.imagesTopic())).allTopicNames())
            .get(layout.imagesTopic());
    if (d != null && d.partitions().size() != layout.partitions()) {
      // Not fatal: the index follows whatever the topic has. Changing it is an operator's decision.
      log.warn(
          "topic {} exists with {} partitions, not the {} configured; keeping {}",
          layout.imagesTopic(),
          d.partitions().size(),
          layout.partitions(),
          d.partitions().size());
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, layout.imagesTopic());
    Config config = await(admin.describeConfigs(List.of(resource)).all()).get(resource);
    ConfigEntry max = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    int needed = RecordSize.forImageLimit(layout.maxImageBytes());
    if (max != null && max.value() != null && Long.parseLong(max.value()) < needed) {
      log.warn(
          "topic {} has max.message.bytes={}, below the {} that images of up to {} bytes need;"
              + " large images will be refused by the broker",
          layout.imagesTopic(),
          max.value(),
          needed,
          layout.maxImageBytes());
    }
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while setting up topics", e);
    } catch (TimeoutException e) {
      throw new KafkaException(
          "Kafka did not answer within "
              + timeout.toSeconds()
              + " s while setting up topics; is the cluster reachable?",
          e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException exists) {
        throw exists;
      }
      if (e.getCause() instanceof KafkaException ke) {
        throw ke;
      }
      throw new KafkaException("topic setup failed: " + e.getCause(), e.getCause());
    }
  }
}
