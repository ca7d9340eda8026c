package dev.likeness.core.keypoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CorrespondencesTest {

  @Test
  void pairsEachQueryKeypointWithItsClearlyNearestReference() {
    Random r = new Random(17);
    Keypoints reference = random(r, 150, null);
    // Half the query descriptors are references with a few bits flipped, the rest are unrelated.
    Keypoints query = random(r, 120, reference);

    Correspondences pairs = Correspondences.between(query, reference);

    List<int[]> expected = oracle(query, reference, Correspondences.DEFAULT_MAX_DISTANCE, Correspondences.DEFAULT_RATIO);
    assertThat(pairs.count()).isEqualTo(expected.size()).isGreaterThanOrEqualTo(55);
    for (int k = 0; k < pairs.count(); k++) {
      assertThat(new int[] {pairs.query()[k], pairs.reference()[k]}).isEqualTo(expected.get(k));
    }
  }

  @Test
  void anEmptySideGivesNoPairs() {
    Random r = new Random(3);
    Keypoints some = random(r, 10, null);
    assertThat(Correspondences.between(some, Keypoints.empty(10, 10)).count()).isZero();
    assertThat(Correspondences.between(Keypoints.empty(10, 10), some).count()).isZero();
  }

  /** The definition, pair by pair through Keypoints.distance. */
  private static List<int[]> oracle(Keypoints q, Keypoints ref, int maxDistance, double ratio) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < q.count(); i++) {
      int best = Integer.MAX_VALUE;
      int second = Integer.MAX_VALUE;
      int bestJ = -1;
      for (int j = 0; j < ref.count(); j++) {
        int d = q.distance(i, ref, j);
        if (d < best) {
          second = best;
          best = d;
          bestJ = j;
        } else if (d < second) {
          second = d;
        }
      }
      if (bestJ >= 0 && best <= maxDistance && (second == Integer.MAX_VALUE || best < ratio * second)) {
        out.add(new int[] {i, bestJ});
      }
    }
    return out;
  }

  private static Keypoints random(Random r, int n, Keypoints near) {
    float[] x = new float[n];
    float[] y = new float[n];
    float[] size = new float[n];
    float[] angle = new float[n];
    long[] d = new long[Keypoints.WORDS * n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextFloat() * 100;
      y[i] = r.nextFloat() * 100;
      size[i] = 2 + r.nextFloat() * 10;
      for (int w = 0; w < Keypoints.WORDS; w++) {
        d[Keypoints.WORDS * i + w] = near != null && i % 2 == 0
            ? near.descriptors()[Keypoints.WORDS * (i / 2) + w] ^ (1L << r.nextInt(64)) ^ (1L << r.nextInt(64))
            : r.nextLong();
      }
    }
    return new Keypoints(100, 100, x, y, size, angle, d);
  }
}
