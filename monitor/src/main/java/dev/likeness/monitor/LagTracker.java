package dev.likeness.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns successive {@link OffsetsSnapshot}s into {@link LagReport}s: keeps the offset history and
 * the status evaluator of every partition. Pure: the only I/O is the {@link RecordTimestamps}
 * fallback. Not thread-safe: one sampler thread owns it.
 *
 * <p>Seconds: interpolated in the history of end offsets when it reaches back to the next
 * unprocessed record; otherwise (a fresh CLI, a node started on a backlog) the timestamp of that
 * record, read once per committed offset; otherwise the age of the history, a lower bound.
 */
public final class LagTracker {
  private final String groupId;
  private final String topic;
  private final Duration stallWindow;
  private final RecordTimestamps timestamps;
  private final Map<Integer, OffsetHistory> histories = new HashMap<>();
  private final Map<Integer, LagStatusEvaluator> evaluators = new HashMap<>();

  /**
   * Partition → {offset, timestamp} of the last record read, so a backlog is read once per offset.
   */
  private final Map<Integer, long[]> readTimestamps = new HashMap<>();

  /**
   * A tracker of {@code groupId} on {@code topic}, calling a partition STALLED after {@code
   * stallWindow}.
   */
  public LagTracker(
      String groupId, String topic, Duration stallWindow, RecordTimestamps timestamps) {
    this.groupId = groupId;
    this.topic = topic;
    this.stallWindow = stallWindow;
    this.timestamps = timestamps;
  }

  /** Takes a snapshot into the history and returns the lag it shows. */
  public LagReport update(OffsetsSnapshot snapshot) {
    long now = snapshot.timeMs();
    List<PartitionLag> partitions = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : snapshot.endOffsets().entrySet()) {
      int partition = e.getKey();
      long end = e.getValue();
      long committed = snapshot.committed().getOrDefault(partition, -1L);
      // Without a commit the group would start at the log start (Streams resets to earliest).
      long next = committed >= 0 ? committed : snapshot.startOffsets().getOrDefault(partition, 0L);
      long lag = Math.max(0, end - next);
      OffsetHistory history = histories.computeIfAbsent(partition, p -> new OffsetHistory());
      history.record(end, now);
      String owner = snapshot.owners().get(partition);
      LagStatus status =
          evaluators
              .computeIfAbsent(partition, p -> new LagStatusEvaluator(stallWindow))
              .evaluate(now, committed, lag, owner);
      double seconds = 0;
      SecondsSource source = SecondsSource.CAUGHT_UP;
      if (lag > 0) {
        OptionalLong appended = history.appendTimeOf(next);
        source = SecondsSource.INTERPOLATED;
        if (appended.isEmpty()) {
          appended = recordTimestamp(partition, next);
          source = SecondsSource.RECORD_TIMESTAMP;
        }
        if (appended.isEmpty()) {
          appended = history.oldestTime();
          source = SecondsSource.LOWER_BOUND;
        }
        seconds = Math.max(0, now - appended.orElse(now)) / 1000.0;
      }
      partitions.add(
          new PartitionLag(topic, partition, committed, end, lag, seconds, source, owner, status));
    }
    return new LagReport(groupId, topic, Instant.ofEpochMilli(now), partitions, List.of());
  }

  private OptionalLong recordTimestamp(int partition, long offset) {
    long[] cached = readTimestamps.get(partition);
    if (cached != null && cached[0] == offset) {
      return OptionalLong.of(cached[1]);
    }
    OptionalLong ts = timestamps.timestampAt(partition, offset);
    ts.ifPresent(t -> readTimestamps.put(partition, new long[] {offset, t}));
    return ts;
  }
}
