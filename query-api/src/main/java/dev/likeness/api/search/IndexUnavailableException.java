package dev.likeness.api.search;

/**
 * A part of the index cannot answer now: this instance's (starting, rebalancing, stopped) or
 * another instance's (unreachable, or itself not available). Answered 503 with {@code Retry-After}.
 */
public final class IndexUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Says why, from the stream's or the connection's own message. */
  public IndexUnavailableException(String message) {
    super(message, null, false, false);
  }
}
