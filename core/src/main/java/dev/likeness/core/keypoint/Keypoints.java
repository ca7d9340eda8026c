package dev.likeness.core.keypoint;

import java.util.Arrays;

/**
 * The local features of one image: for each keypoint its position, scale and orientation in the
 * keypoint frame (the image scaled so its longest side is {@link KeypointExtractor#FRAME_SIDE}) and
 * a 256-bit binary descriptor. Struct-of-arrays, so that thousands of images cost no object per
 * keypoint.
 *
 * @param frameWidth width of the keypoint frame in pixels
 * @param frameHeight height of the keypoint frame in pixels
 * @param x column of each keypoint
 * @param y row of each keypoint
 * @param size radius of each keypoint's described region, in frame pixels
 * @param angle orientation of each keypoint in radians, −π..π
 * @param descriptors {@link #WORDS} longs per keypoint, keypoint {@code i} at {@code WORDS * i}
 */
public record Keypoints(
    int frameWidth,
    int frameHeight,
    float[] x,
    float[] y,
    float[] size,
    float[] angle,
    long[] descriptors) {
  /** Longs per descriptor. */
  public static final int WORDS = 4;

  /** Bits per descriptor. */
  public static final int BITS = 64 * WORDS;

  /** Checks that the arrays agree in length. */
  public Keypoints {
    int n = x.length;
    if (y.length != n || size.length != n || angle.length != n || descriptors.length != WORDS * n) {
      throw new IllegalArgumentException("keypoint arrays disagree in length");
    }
    if (frameWidth <= 0 || frameHeight <= 0) {
      throw new IllegalArgumentException("empty frame " + frameWidth + "x" + frameHeight);
    }
  }

  /** No keypoints in a frame of the given size. */
  public static Keypoints empty(int frameWidth, int frameHeight) {
    return new Keypoints(
        frameWidth,
        frameHeight,
        new float[0],
        new float[0],
        new float[0],
        new float[0],
        new long[0]);
  }

  /** Number of keypoints. */
  public int count() {
    return x.length;
  }

  /**
   * Hamming distance between descriptor {@code i} of this set and descriptor {@code j} of {@code
   * other}.
   */
  public int distance(int i, Keypoints other, int j) {
    long[] a = descriptors;
    long[] b = other.descriptors;
    int ai = WORDS * i;
    int bj = WORDS * j;
    return Long.bitCount(a[ai] ^ b[bj])
        + Long.bitCount(a[ai + 1] ^ b[bj + 1])
        + Long.bitCount(a[ai + 2] ^ b[bj + 2])
        + Long.bitCount(a[ai + 3] ^ b[bj + 3]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Keypoints k
        && frameWidth == k.frameWidth
        && frameHeight == k.frameHeight
        && Arrays.equals(x, k.x)
        && Arrays.equals(y, k.y)
        && Arrays.equals(size, k.size)
        && Arrays.equals(angle, k.angle)
        && Arrays.equals(descriptors, k.descriptors);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * frameWidth + frameHeight) + Arrays.hashCode(descriptors);
  }

  @Override
  public String toString() {
    return "Keypoints[" + count() + " in " + frameWidth + "x" + frameHeight + "]";
  }
}
