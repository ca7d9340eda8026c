package dev.likeness.core.image.turbo;

/** TurboJPEG refused or could not finish a JPEG; the message is libjpeg's. */
public final class TurboJpegException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean warning;

  TurboJpegException(String message, boolean warning) {
    // Expected for bad uploads: no stack trace, callers log or forward the message.
    super(message, null, false, false);
    this.warning = warning;
  }

  /** Whether libjpeg only warned (e.g. truncated or slightly damaged data) rather than failed. */
  public boolean isWarning() {
    return warning;
  }
}
