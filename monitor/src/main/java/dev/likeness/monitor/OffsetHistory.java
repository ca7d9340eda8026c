package dev.likeness.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Samples of one partition's end offset over wall-clock time, used to date an offset: when did the
 * end of the log pass it? That is the time the record at that offset was appended, so "now" minus
 * it is how long the record has waited (the time lag, as kafka-lag-exporter estimates it).
 *
 * <p>A run of equal end offsets keeps only its first and last sample: the first dates the records
 * before the run, the last bounds the records after it, and an idle topic costs two samples. Not
 * thread-safe: one sampler thread owns it.
 */
public final class OffsetHistory {
  /** Default number of samples kept: an hour at one sample a second of a busy topic. */
  public static final int DEFAULT_CAPACITY = 3600;

  private record Sample(long offset, long timeMs) {}

  private final int capacity;
  private final List<Sample> samples = new ArrayList<>();

  /** A history that keeps at most {@code capacity} (at least 2) samples, dropping the oldest. */
  public OffsetHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** A history of {@link #DEFAULT_CAPACITY} samples. */
  public OffsetHistory() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Adds a sample: the end offset was {@code endOffset} at {@code timeMs}.
   *
   * @return false if the sample was ignored because the clock went backwards
   */
  public boolean record(long endOffset, long timeMs) {
    if (!samples.isEmpty()) {
      Sample last = last();
      // A wall clock stepped back (NTP) would make interpolated times run backwards: drop the
      // sample and wait until the clock passes the last one again.
      if (timeMs < last.timeMs) {
        return false;
      }
      // An end offset that shrinks means the topic was deleted and recreated: old samples lie.
      if (endOffset < last.offset) {
        samples.clear();
      } else if (endOffset == last.offset
          && samples.size() >= 2
          && samples.get(samples.size() - 2).offset == endOffset) {
        samples.set(samples.size() - 1, new Sample(endOffset, timeMs));
        return true;
      }
    }
    samples.add(new Sample(endOffset, timeMs));
    if (samples.size() > capacity) {
      samples.remove(0);
    }
    return true;
  }

  /**
   * The estimated wall time at which the record at {@code offset} was appended: linear between the
   * last sample whose end offset had not reached past it and the first one that had.
   *
   * @return empty if the history does not reach back to {@code offset} (or not yet up to it)
   */
  public OptionalLong appendTimeOf(long offset) {
    int upper = -1;
    for (int i = samples.size() - 1; i >= 0 && samples.get(i).offset > offset; i--) {
      upper = i;
    }
    if (upper <= 0) {
      return OptionalLong.empty();
    }
    Sample before = samples.get(upper - 1);
    Sample after = samples.get(upper);
    // The record at `offset` exists once the end offset reaches offset + 1.
    double fraction = (double) (offset + 1 - before.offset) / (after.offset - before.offset);
    return OptionalLong.of(before.timeMs + Math.round(fraction * (after.timeMs - before.timeMs)));
  }

  /** Time of the oldest sample, if any. */
  public OptionalLong oldestTime() {
    return samples.isEmpty() ? OptionalLong.empty() : OptionalLong.of(samples.get(0).timeMs);
  }

  /** Number of samples held. */
  public int size() {
    return samples.size();
  }

  private Sample last() {
    return samples.get(samples.size() - 1);
  }
}
