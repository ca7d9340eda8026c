package dev.likeness.core.hash;

/**
 * PDQ's luminance of a row of packed 8-bit RGB pixels ({@code 0.299 R + 0.587 G + 0.114 B} in
 * float, in that order), on vectors when {@link VectorModule#ENABLED}: the same floats either way.
 */
public final class PackedLuma {
  private PackedLuma() {}

  /**
   * Writes the luma of {@code width} pixels from {@code px[offset]} to {@code out[0..width)}; each
   * channel is 8 bits at its shift.
   */
  public static void row(
      int[] px, int offset, int width, int rShift, int gShift, int bShift, float[] out) {
    row(px, offset, width, rShift, gShift, bShift, out, VectorModule.ENABLED);
  }

  /** As {@link #row(int[], int, int, int, int, int, float[])}, choosing the loop; for tests. */
  static void row(
      int[] px,
      int offset,
      int width,
      int rShift,
      int gShift,
      int bShift,
      float[] out,
      boolean vectorized) {
    int x = vectorized ? PackedLumaVectors.row(px, offset, width, rShift, gShift, bShift, out) : 0;
    for (; x < width; x++) {
      int v = px[offset + x];
      out[x] =
          LumaExtractor.luma((v >>> rShift) & 0xff, (v >>> gShift) & 0xff, (v >>> bShift) & 0xff);
    }
  }
}
