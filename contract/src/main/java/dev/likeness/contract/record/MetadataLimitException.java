package dev.likeness.contract.record;

/** An image's metadata or source passes one of the {@link MetadataLimits}; the message names it. */
public final class MetadataLimitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** With a message that names the limit and the size found. */
  public MetadataLimitException(String message) {
    super(message);
  }
}
