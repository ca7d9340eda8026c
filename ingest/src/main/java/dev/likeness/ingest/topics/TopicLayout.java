package dev.likeness.ingest.topics;

import dev.likeness.contract.record.Topics;
import dev.likeness.ingest.publish.RecordSize;
import java.util.Objects;

/**
 * How the Likeness topics are laid out when {@link TopicSetup} creates them.
 *
 * @param partitions partitions of every topic; the images and features topics must agree, since the
 *     index is partitioned like the images topic
 * @param replicationFactor replicas per partition; 0 means min(3, number of brokers)
 * @param maxImageBytes upload limit, which sizes {@code max.message.bytes} of the images topic
 * @param imagesTopic name of the images topic (default {@value Topics#IMAGES})
 */
public record TopicLayout(
    int partitions, int replicationFactor, int maxImageBytes, String imagesTopic) {
  /**
   * Partitions used when none are configured: a cluster can grow to 12 nodes without a replay, and
   * 2, 3, 4 or 6 nodes share them evenly. A node holding all 12 searches 1M hashes in 1.03× the
   * time it takes with 2 (bench/README.md, PartitionCostBench).
   */
  public static final int DEFAULT_PARTITIONS = 12;

  /** Replication factor meaning "as many as the cluster allows, up to 3". */
  public static final int AUTO_REPLICATION = 0;

  public TopicLayout {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (replicationFactor < 0 || replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "replication factor must be 1.."
              + Short.MAX_VALUE
              + " or 0 for automatic, was "
              + replicationFactor);
    }
    RecordSize.forImageLimit(maxImageBytes);
    Objects.requireNonNull(imagesTopic, "imagesTopic");
    if (imagesTopic.isBlank()) {
      throw new IllegalArgumentException("images topic must not be blank");
    }
  }

  /** A layout of the default images topic, {@value Topics#IMAGES}. */
  public TopicLayout(int partitions, int replicationFactor, int maxImageBytes) {
    this(partitions, replicationFactor, maxImageBytes, Topics.IMAGES);
  }

  /** The same layout for another images topic. */
  public TopicLayout withImagesTopic(String topic) {
    return new TopicLayout(partitions, replicationFactor, maxImageBytes, topic);
  }

  /** Twelve partitions, automatic replication, 16 MiB images. */
  public static TopicLayout defaults() {
    return new TopicLayout(
        DEFAULT_PARTITIONS, AUTO_REPLICATION, RecordSize.DEFAULT_MAX_IMAGE_BYTES);
  }

  /** The replication factor to use on a cluster of {@code brokers} brokers. */
  public short replicationFor(int brokers) {
    int rf =
        replicationFactor == AUTO_REPLICATION
            ? Math.min(3, Math.max(1, brokers))
            : replicationFactor;
    return (short) rf;
  }
}
