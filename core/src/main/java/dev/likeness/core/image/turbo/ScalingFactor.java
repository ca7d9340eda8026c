package dev.likeness.core.image.turbo;

/**
 * A DCT scaling factor {@code num/denom}: libjpeg computes only the low frequencies the smaller
 * size needs.
 *
 * @param num numerator
 * @param denom denominator
 */
public record ScalingFactor(int num, int denom) {
  /** The scaled length of {@code length} pixels, rounded up as libjpeg does ({@code TJSCALED}). */
  public int scale(int length) {
    return (int) (((long) length * num + denom - 1) / denom);
  }

  @Override
  public String toString() {
    return num + "/" + denom;
  }
}
