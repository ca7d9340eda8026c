package dev.likeness.core.image;

/**
 * Bounds on what the decoder accepts and how large it decodes.
 *
 * @param maxBytes largest accepted encoded size
 * @param maxPixels largest accepted width × height, checked from the header before any pixel is decoded
 * @param decodeLongestSide the decoder subsamples so the decoded longest side is the smallest size ≥ this
 */
public record ImageLimits(long maxBytes, long maxPixels, int decodeLongestSide) {
  /** 16 MiB. */
  public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
  /** 100 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  /** PDQ hashes the same from 1024 px as from the full image. */
  public static final int DEFAULT_DECODE_LONGEST_SIDE = 1024;

  /** Validates the limits. */
  public ImageLimits {
    if (maxBytes <= 0 || maxPixels <= 0 || decodeLongestSide <= 0) {
      throw new IllegalArgumentException("image limits must be positive: " + maxBytes + ", " + maxPixels + ", "
          + decodeLongestSide);
    }
  }

  /** 16 MiB, 100 MP, decoded at ≥ 1024 px on the longest side. */
  public static ImageLimits defaults() {
    return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_DECODE_LONGEST_SIDE);
  }
}
