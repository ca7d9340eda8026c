package dev.likeness.indexer.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Input records whose output the cluster refused for good, by position in the images topic, so that
 * when the stream processes them again (a failed write aborts the transaction or stops the thread,
 * and the record is replayed) they become dead letters instead of failing again.
 *
 * <p>Shared by every stream thread of a node; it lives in memory only: after a restart such a
 * record fails once more, and is dead-lettered on its next replay.
 */
public final class FailedWrites {
  private static final int CAPACITY = 1024;

  /** Why a record's write failed, and whether what failed was its dead letter. */
  record Failure(String detail, boolean deadLetter) {}

  private final Map<String, Failure> failures =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
              return size() > CAPACITY;
            }
          });

  void record(String topic, int partition, long offset, Failure failure) {
    failures.merge(
        key(topic, partition, offset),
        failure,
        (old, now) -> new Failure(old.detail(), old.deadLetter() || now.deadLetter()));
  }

  Optional<Failure> failureOf(String topic, int partition, long offset) {
    return Optional.ofNullable(failures.get(key(topic, partition, offset)));
  }

  private static String key(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }
}
