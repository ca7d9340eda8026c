package dev.likeness.api.search;

/**
 * A part of the index cannot answer now: this instance's (starting, rebalancing, stopped) or
 * another instance's (unreachable, or itself not available). Answered 503 with {@code Retry-After}.
 */
public final class IndexUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean indexDiverged;

  /** Says why, from the stream's or the connection's own message. */
  public IndexUnavailableException(String message) {
    this(message, false);
  }

  /**
   * Says why; {@code indexDiverged} if a local index is being rebuilt because it differed from its
   * store.
   */
  public IndexUnavailableException(String message, boolean indexDiverged) {
    super(message, null, false, false);
    this.indexDiverged = indexDiverged;
  }

  /** Whether a local index was found to differ from its store (a fault), not in a passing state. */
  public boolean indexDiverged() {
    return indexDiverged;
  }
}
