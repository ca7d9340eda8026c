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
    Keypoints reference = KeypointCodecTest.random(150, 1);
    // Half the query descriptors are references with two bits flipped, the rest are unrelated.
    Keypoints unrelated = KeypointCodecTest.random(120, 2);
    long[] d = unrelated.descriptors().clone();
    for (int i = 0; i < 120; i += 2) {
      for (int w = 0; w < Keypoints.WORDS; w++) {
        d[Keypoints.WORDS * i + w] =
            reference.descriptors()[Keypoints.WORDS * (i / 2) + w]
                ^ (1L << r.nextInt(64))
                ^ (1L << r.nextInt(64));
      }
    }
    Keypoints query =
        new Keypoints(
            unrelated.frameWidth(),
            unrelated.frameHeight(),
            unrelated.x(),
            unrelated.y(),
            unrelated.size(),
            unrelated.angle(),
            d);

    Correspondences pairs = Correspondences.between(query, reference);

    List<int[]> expected =
        oracle(
            query, reference, Correspondences.DEFAULT_MAX_DISTANCE, Correspondences.DEFAULT_RATIO);
    assertThat(pairs.count()).isEqualTo(expected.size()).isGreaterThanOrEqualTo(55);
    for (int k = 0; k < pairs.count(); k++) {
      assertThat(new int[] {pairs.query()[k], pairs.reference()[k]}).isEqualTo(expected.get(k));
    }
  }

  @Test
  void anEmptySideGivesNoPairs() {
    Keypoints some = KeypointCodecTest.random(10, 3);
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
      if (bestJ >= 0
          && best <= maxDistance
          && (second == Integer.MAX_VALUE || best < ratio * second)) {
        out.add(new int[] {i, bestJ});
      }
    }
    return out;
  }
}
