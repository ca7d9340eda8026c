package dev.likeness.api.search;

import java.util.Arrays;

/**
 * How long to wait for a peer before asking another copy too: the 95th percentile of the latest
 * successful peer calls, within bounds. Hedging after the usual answer time doubles only the
 * slowest calls (about one in twenty) while a stuck peer costs a search that long, not the peer
 * timeout. Thread-safe.
 */
final class HedgeDelay {
  private static final int WINDOW = 128;

  private final long minMs;
  private final long maxMs;
  private final long[] recent = new long[WINDOW];
  private int count;
  private int next;

  /** A delay kept within {@code [minMs, maxMs]}; {@code maxMs} until calls have been seen. */
  HedgeDelay(long minMs, long maxMs) {
    if (minMs < 1 || maxMs < minMs) {
      throw new IllegalArgumentException("bounds " + minMs + ".." + maxMs);
    }
    this.minMs = minMs;
    this.maxMs = maxMs;
  }

  /** Notes a call that was answered after {@code ms}. */
  synchronized void answeredAfter(long ms) {
    recent[next] = ms;
    next = (next + 1) % WINDOW;
    count = Math.min(WINDOW, count + 1);
  }

  /** The delay now. */
  synchronized long millis() {
    if (count < 20) {
      return maxMs;
    }
    long[] sorted = Arrays.copyOf(recent, count);
    Arrays.sort(sorted);
    long p95 = sorted[(int) Math.ceil(count * 0.95) - 1];
    return Math.max(minMs, Math.min(maxMs, p95));
  }
}
