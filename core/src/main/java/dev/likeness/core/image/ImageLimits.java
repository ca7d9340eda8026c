package dev.likeness.core.image;

/**
 * Bounds on what the decoder accepts and how large it decodes.
 *
 * @param maxBytes largest accepted encoded size
 * @param maxPixels largest accepted width × height, checked from the header before any pixel is
 *     decoded
 * @param decodeLongestSide the decoder subsamples so the decoded longest side is the smallest size
 *     ≥ this
 */
public record ImageLimits(long maxBytes, long maxPixels, int decodeLongestSide) {
  /** 16 MiB. */
  public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  /** 100 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /**
   * 768 px: the keypoints need 512, and PDQ stays within a few bits of the full-size hash (0
   * median, 4 at most on the PDQ vectors decoded from 1600 px at 1/2 scale); 1024 would keep it
   * bit-identical up to 2047 px at three times the hashing cost.
   */
  public static final int DEFAULT_DECODE_LONGEST_SIDE = 768;

  /** Validates the limits. */
  public ImageLimits {
    if (maxBytes <= 0 || maxPixels <= 0 || decodeLongestSide <= 0) {
      throw new IllegalArgumentException(
          "image limits must be positive: "
              + maxBytes
              + ", "
              + maxPixels
              + ", "
              + decodeLongestSide);
    }
  }

  /** 16 MiB, 100 MP, decoded at ≥ 768 px on the longest side. */
  public static ImageLimits defaults() {
    return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_DECODE_LONGEST_SIDE);
  }
}
