package dev.likeness.core.image;

import java.util.Objects;

/** An image that will not be decoded, with the reason and a message fit to show the uploader. */
public final class ImageRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  /** Creates a rejection; {@code message} says what is wrong in plain words. */
  public ImageRejectedException(RejectReason reason, String message) {
    // No cause and no stack trace: callers forward the message, and codec internals stay private.
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the image was refused. */
  public RejectReason reason() {
    return reason;
  }
}
