package dev.likeness.api.decode;

/**
 * A decode refused at once because the {@link DecodeBudget} had no room and as many decodes as
 * allowed were already waiting: the node is busy, not wrong.
 */
public final class DecodeQueueFullException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Refuses a decode beyond {@code maxWaiting} waiting ones. */
  public DecodeQueueFullException(int maxWaiting) {
    super(
        "the node is decoding as many images as its memory allows and "
            + maxWaiting
            + " more wait their turn; send it again shortly",
        null,
        false,
        false);
  }
}
