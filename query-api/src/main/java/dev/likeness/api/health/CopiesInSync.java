package dev.likeness.api.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Whether this node's copies of the index (standbys, and active copies being restored) are within a
 * few records of their changelogs. A rolling restart that stops the next node only once the
 * previous one is in sync again never leaves a partition without a current copy: with one standby,
 * a node stopped while another's copies are still catching up takes the only current copy of some
 * partitions with it.
 */
public final class CopiesInSync {
  /** Default largest lag, in records, of a copy that is in sync. */
  public static final long DEFAULT_MAX_LAG = 100;

  /**
   * One local copy of a partition of the index.
   *
   * @param partition the partition
   * @param standby whether it is a standby copy (else the active one)
   * @param lag records of its changelog it has not applied yet
   */
  public record Copy(int partition, boolean standby, long lag) {}

  /**
   * The outcome of a check.
   *
   * @param inSync whether every copy is within the largest lag
   * @param maxLag the largest lag allowed
   * @param copies every local copy, by partition
   */
  public record Report(boolean inSync, long maxLag, List<Copy> copies) {}

  private final Supplier<List<Copy>> copies;

  /** Checks the copies {@code copies} lists; it may block. */
  public CopiesInSync(Supplier<List<Copy>> copies) {
    this.copies = copies;
  }

  /** Checks the local copies of {@code store} in {@code streams} (blocks: asks the brokers). */
  public static CopiesInSync of(KafkaStreams streams, String store) {
    return new CopiesInSync(() -> copiesOf(streams, store));
  }

  /** Whether every local copy is within {@code maxLag} records of its changelog; blocks. */
  public Report check(long maxLag) {
    if (maxLag < 0) {
      throw new IllegalArgumentException("max lag must be at least 0, was " + maxLag);
    }
    List<Copy> all = copies.get();
    return new Report(all.stream().allMatch(c -> c.lag() <= maxLag), maxLag, all);
  }

  private static List<Copy> copiesOf(KafkaStreams streams, String store) {
    Set<Integer> standbys = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      thread.standbyTasks().forEach(t -> standbys.add(t.taskId().partition()));
    }
    Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().getOrDefault(store, Map.of());
    List<Copy> out = new ArrayList<>();
    lags.forEach((p, lag) -> out.add(new Copy(p, standbys.contains(p), lag.offsetLag())));
    out.sort(Comparator.comparingInt(Copy::partition));
    return out;
  }
}
