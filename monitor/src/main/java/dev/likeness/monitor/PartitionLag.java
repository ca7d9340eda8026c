package dev.likeness.monitor;

/**
 * The lag of one partition at one reading.
 *
 * @param topic the topic
 * @param partition the partition
 * @param committedOffset the group's committed offset, or -1 if it has none
 * @param endOffset the log end offset (high watermark)
 * @param lagRecords records the group has yet to process
 * @param lagSeconds how long the oldest unprocessed record has waited (0 when nothing waits)
 * @param secondsSource how {@code lagSeconds} was estimated
 * @param owner the instance or member that processes the partition, or null if none
 * @param status how the partition keeps up
 */
public record PartitionLag(
    String topic,
    int partition,
    long committedOffset,
    long endOffset,
    long lagRecords,
    double lagSeconds,
    SecondsSource secondsSource,
    String owner,
    LagStatus status) {

  /** {@code topic-partition}, as Kafka tools name it. */
  public String name() {
    return topic + "-" + partition;
  }

  /** A copy with another owner. */
  public PartitionLag withOwner(String newOwner) {
    return new PartitionLag(
        topic,
        partition,
        committedOffset,
        endOffset,
        lagRecords,
        lagSeconds,
        secondsSource,
        newOwner,
        status);
  }
}
