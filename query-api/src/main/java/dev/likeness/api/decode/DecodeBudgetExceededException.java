package dev.likeness.api.decode;

import java.time.Duration;

/**
 * A search whose decode did not get its share of the {@link DecodeBudget} in time: the node is
 * busy, not wrong.
 */
public final class DecodeBudgetExceededException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * Refuses a decode of {@code bytes} that waited {@code waited}; clients may try again after
   * {@code retryAfter}.
   */
  public DecodeBudgetExceededException(long bytes, Duration waited, Duration retryAfter) {
    super(
        String.format(
            "the node is decoding as many images as its memory allows (this one needs %d MiB); "
                + "waited %d ms, send it again in %d s",
            Math.max(1, bytes >> 20), waited.toMillis(), retryAfter.toSeconds()),
        null,
        false,
        false);
    this.retryAfter = retryAfter;
  }

  /** How long a client should wait before sending the search again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
