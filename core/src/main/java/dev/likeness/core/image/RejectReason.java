package dev.likeness.core.image;

/** Why an upload was refused; {@link #code()} is a stable identifier for headers and API errors. */
public enum RejectReason {
  EMPTY("empty"),
  TOO_LARGE("too-large"),
  UNSUPPORTED_FORMAT("unsupported-format"),
  TOO_MANY_PIXELS("too-many-pixels"),
  CORRUPT("corrupt"),
  /**
   * The node had too little heap for an image within the limits: not the image's fault, it can be
   * sent again.
   */
  OUT_OF_MEMORY("out-of-memory");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /** A stable lower-case-hyphen code, e.g. {@code too-many-pixels}. */
  public String code() {
    return code;
  }
}
