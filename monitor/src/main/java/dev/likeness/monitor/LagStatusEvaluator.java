package dev.likeness.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * The status of one partition over a sliding window, in the spirit of Burrow: a partition is
 * STALLED when records have waited and its committed offset has not moved for a whole window,
 * LAGGING while it waits but moves. Not thread-safe: one sampler thread owns it.
 *
 * <p>The first reading has no past, so it counts as movement: a one-shot reading can say LAGGING or
 * STOPPED, never STALLED; watching for a window is what tells a stall apart.
 */
public final class LagStatusEvaluator {
  private final long windowMs;
  private boolean seen;
  private long lastCommitted;
  private long movedAtMs;
  private long lagSinceMs = -1;
  private String lastOwner;

  /** An evaluator that calls a partition STALLED after {@code window} without progress. */
  public LagStatusEvaluator(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the window must be positive, was " + window);
    }
    this.windowMs = window.toMillis();
  }

  /**
   * Takes a reading and returns the status.
   *
   * @param nowMs wall time of the reading
   * @param committed the group's committed offset, or -1 if it has none
   * @param lagRecords records waiting
   * @param owner the member assigned the partition, or null if none
   */
  public LagStatus evaluate(long nowMs, long committed, long lagRecords, String owner) {
    // A new owner (a restarted or rebalanced node) gets a full window before it can be STALLED.
    if (!seen || committed != lastCommitted || !Objects.equals(owner, lastOwner)) {
      seen = true;
      lastCommitted = committed;
      lastOwner = owner;
      movedAtMs = nowMs;
    }
    if (lagRecords <= 0) {
      lagSinceMs = -1;
    } else if (lagSinceMs < 0) {
      lagSinceMs = nowMs;
    }
    if (owner == null) {
      return LagStatus.STOPPED;
    }
    if (lagRecords <= 0) {
      return LagStatus.OK;
    }
    // Standing still only counts while records wait: an idle consumer does not commit either.
    long stillSince = Math.max(movedAtMs, lagSinceMs);
    return nowMs - stillSince >= windowMs ? LagStatus.STALLED : LagStatus.LAGGING;
  }
}
