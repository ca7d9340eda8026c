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

  /**
   * Notes the failed output of the input record at {@code topic}-{@code partition}@{@code offset}.
   */
  void record(String topic, int partition, long offset, Failure failure) {
    merge(position(topic, partition, offset), failure);
  }

  /**
   * Notes the failed output of an input record known only by its image id: a state store's
   * changelog write, whose error context carries no input position.
   */
  void recordId(String id, Failure failure) {
    merge(idKey(id), failure);
  }

  private void merge(String key, Failure failure) {
    failures.merge(
        key,
        failure,
        (old, now) -> new Failure(old.detail(), old.deadLetter() || now.deadLetter()));
  }

  /**
   * The failure noted for the record at this position, or else for this image id, taken out: the
   * replayed record is dead-lettered once, and a later record of the same id is indexed as usual.
   */
  Optional<Failure> take(String topic, int partition, long offset, String id) {
    if (failures.isEmpty()) {
      return Optional.empty(); // every record asks: no keys are built while nothing failed
    }
    Failure f = failures.remove(position(topic, partition, offset));
    if (f == null && id != null) {
      f = failures.remove(idKey(id));
    }
    return Optional.ofNullable(f);
  }

  private static String position(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }

  private static String idKey(String id) {
    return "id:" + id;
  }
}
