package dev.likeness.monitor;

import java.util.OptionalLong;

/** Reads when a record was written: the fallback when the offset history does not reach back. */
@FunctionalInterface
public interface RecordTimestamps {
  /** Never finds anything: for readings that must not touch the topic. */
  RecordTimestamps NONE = (partition, offset) -> OptionalLong.empty();

  /**
   * The timestamp (epoch ms) of the first record at or after {@code offset}, if one can be read.
   */
  OptionalLong timestampAt(int partition, long offset);
}
