package dev.likeness.api.search;

/** This instance's part of the index cannot answer now (starting, rebalancing, stopped). */
public final class IndexUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Says why, from the stream's own message. */
  public IndexUnavailableException(String message) {
    super(message, null, false, false);
  }
}
