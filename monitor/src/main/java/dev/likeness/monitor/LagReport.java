package dev.likeness.monitor;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One reading of the lag of a consumer group (the Streams application) on a topic.
 *
 * @param groupId the consumer group: the Streams application id
 * @param topic the topic read
 * @param sampledAt when the offsets were read
 * @param partitions per partition, by partition number
 * @param stores local state store lags (empty unless a node adds them)
 */
public record LagReport(
    String groupId,
    String topic,
    Instant sampledAt,
    List<PartitionLag> partitions,
    List<StoreLag> stores) {

  public LagReport {
    partitions =
        partitions.stream().sorted(Comparator.comparingInt(PartitionLag::partition)).toList();
    stores = List.copyOf(stores);
  }

  /** Records waiting over all partitions. */
  public long totalRecords() {
    return partitions.stream().mapToLong(PartitionLag::lagRecords).sum();
  }

  /** The largest lag in seconds over all partitions. */
  public double maxSeconds() {
    return partitions.stream().mapToDouble(PartitionLag::lagSeconds).max().orElse(0);
  }

  /** The worst status over all partitions (OK with no partitions). */
  public LagStatus status() {
    return partitions.stream().map(PartitionLag::status).reduce(LagStatus.OK, LagStatus::worse);
  }

  /** The partition whose oldest waiting record is oldest (most records on a tie), if any waits. */
  public Optional<PartitionLag> worst() {
    return partitions.stream()
        .filter(p -> p.lagRecords() > 0)
        .max(
            Comparator.comparingDouble(PartitionLag::lagSeconds)
                .thenComparingLong(PartitionLag::lagRecords));
  }

  /** A copy whose owners are replaced where {@code owners} (by partition) names one. */
  public LagReport withOwners(Map<Integer, String> owners) {
    return new LagReport(
        groupId,
        topic,
        sampledAt,
        partitions.stream()
            .map(
                p -> owners.containsKey(p.partition()) ? p.withOwner(owners.get(p.partition())) : p)
            .toList(),
        stores);
  }

  /** A copy with these store lags. */
  public LagReport withStores(List<StoreLag> newStores) {
    return new LagReport(groupId, topic, sampledAt, partitions, newStores);
  }
}
