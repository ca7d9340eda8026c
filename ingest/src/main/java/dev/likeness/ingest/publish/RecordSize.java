package dev.likeness.ingest.publish;

/**
 * How big a record of the images topic may get for a given upload limit. The producer's request
 * size and the topic's {@code max.message.bytes} must agree, so both come from here.
 */
public final class RecordSize {
  /** Upload limit used when none is configured: 16 MiB. */
  public static final int DEFAULT_MAX_IMAGE_BYTES = 16 * 1024 * 1024;

  /** Room for key, headers and batch overhead on top of the image bytes: 1 MiB. */
  public static final int HEADROOM_BYTES = 1024 * 1024;

  private RecordSize() {}

  /** Largest record (batch) that must fit for images of up to {@code maxImageBytes}. */
  public static int forImageLimit(int maxImageBytes) {
    if (maxImageBytes <= 0) {
      throw new IllegalArgumentException("upload limit must be positive, was " + maxImageBytes);
    }
    if (maxImageBytes > Integer.MAX_VALUE - HEADROOM_BYTES) {
      throw new IllegalArgumentException("upload limit " + maxImageBytes + " bytes is too large");
    }
    return maxImageBytes + HEADROOM_BYTES;
  }
}
