package dev.likeness.core.image;

/** Picks the ImageIO source subsampling step for a target decoded size. */
final class SubsamplingFactor {
  private SubsamplingFactor() {}

  /**
   * The largest step s such that {@code ceil(longestSide / s) >= target}; 1 when the image is not
   * larger than the target. The decoded side then lies in {@code [target, 2 × target)}.
   */
  static int forLongestSide(int longestSide, int target) {
    if (longestSide <= target) {
      return 1;
    }
    if (target <= 1) {
      return longestSide;
    }
    // ceil(L / s) >= T  <=>  s * (T - 1) < L  <=>  s <= (L - 1) / (T - 1)
    return Math.max(1, (longestSide - 1) / (target - 1));
  }

  /** The size ImageIO produces for {@code length} samples read every {@code step}-th. */
  static int subsampledLength(int length, int step) {
    return (length + step - 1) / step;
  }
}
