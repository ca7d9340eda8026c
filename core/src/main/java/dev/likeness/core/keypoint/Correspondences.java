package dev.likeness.core.keypoint;

/**
 * Putative keypoint correspondences between a query and a reference image: each query keypoint
 * paired with its nearest reference descriptor, kept if close enough and clearly nearer than the
 * runner-up (Lowe's ratio test, on Hamming distances).
 *
 * @param query index of the query keypoint of each pair
 * @param reference index of the reference keypoint of each pair
 * @param count number of pairs (the arrays may be longer)
 */
public record Correspondences(int[] query, int[] reference, int count) {
  /**
   * Default largest Hamming distance (of 256 bits) for a pair; unrelated descriptors differ by
   * about 128.
   */
  public static final int DEFAULT_MAX_DISTANCE = 80;

  /** Default ratio the nearest distance must stay under, relative to the second nearest. */
  public static final double DEFAULT_RATIO = 0.9;

  /** Pairs with the default distance and ratio. */
  public static Correspondences between(Keypoints query, Keypoints reference) {
    return between(query, reference, DEFAULT_MAX_DISTANCE, DEFAULT_RATIO);
  }

  /**
   * Pairs whose distance is at most {@code maxDistance} and under {@code ratio} times the
   * runner-up's.
   */
  public static Correspondences between(
      Keypoints query, Keypoints reference, int maxDistance, double ratio) {
    int nq = query.count();
    int nr = reference.count();
    int[] qi = new int[nq];
    int[] ri = new int[nq];
    int n = 0;
    long[] a = query.descriptors();
    long[] b = reference.descriptors();
    for (int i = 0; i < nq; i++) {
      int best = Integer.MAX_VALUE;
      int second = Integer.MAX_VALUE;
      int bestJ = -1;
      // The query descriptor stays in registers while the reference's stream past
      // (Keypoints.distance).
      int ai = Keypoints.WORDS * i;
      long a0 = a[ai];
      long a1 = a[ai + 1];
      long a2 = a[ai + 2];
      long a3 = a[ai + 3];
      for (int j = 0, bj = 0; j < nr; j++, bj += Keypoints.WORDS) {
        int d =
            Long.bitCount(a0 ^ b[bj])
                + Long.bitCount(a1 ^ b[bj + 1])
                + Long.bitCount(a2 ^ b[bj + 2])
                + Long.bitCount(a3 ^ b[bj + 3]);
        if (d < best) {
          second = best;
          best = d;
          bestJ = j;
        } else if (d < second) {
          second = d;
        }
      }
      if (bestJ >= 0
          && best <= maxDistance
          && (second == Integer.MAX_VALUE || best < ratio * second)) {
        qi[n] = i;
        ri[n] = bestJ;
        n++;
      }
    }
    return new Correspondences(qi, ri, n);
  }
}
