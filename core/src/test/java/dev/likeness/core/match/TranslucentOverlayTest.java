package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TranslucentOverlayTest {
  private static final int W = 128;
  private static final int H = 96;

  /** A textured picture: smooth waves plus grain, 0–255. */
  private static float[] picture(long seed) {
    Random random = new Random(seed);
    float[] p = new float[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        p[y * W + x] =
            (float) (128 + 60 * Math.sin(x / 7.0) * Math.cos(y / 5.0) + 20 * random.nextGaussian());
      }
    }
    return p;
  }

  private static boolean inBand(int x, int y) {
    // A diagonal stripe over about a sixth of the region, like a word across the centre.
    return Math.abs((x - W / 2.0) * 0.5 + (y - H / 2.0)) < 8;
  }

  private static boolean[] all() {
    boolean[] covered = new boolean[W * H];
    Arrays.fill(covered, true);
    return covered;
  }

  @Test
  void aSemiTransparentWhiteStripeIsTakenOut() {
    float[] p = picture(1);
    float[] q = p.clone();
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (inBand(x, y)) {
          q[y * W + x] = 0.55f * p[y * W + x] + 0.45f * 255;
        }
      }
    }

    double before = meanDifference(p, q);

    assertThat(TranslucentOverlay.remove(p, q, all())).isTrue();
    // Pixels the stripe barely changed (bright ones) stay as they are; the rest are restored.
    assertThat(meanDifference(p, q)).isLessThan(before / 10);
  }

  private static double meanDifference(float[] a, float[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += Math.abs(a[k] - b[k]);
    }
    return sum / a.length;
  }

  @Test
  void somethingElseInTheSamePlaceIsLeftAlone() {
    float[] p = picture(1);
    float[] other = picture(2);
    float[] q = p.clone();
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (inBand(x, y)) {
          q[y * W + x] = other[y * W + x]; // an object that moved in: not the picture seen through
        }
      }
    }
    float[] before = q.clone();

    assertThat(TranslucentOverlay.remove(p, q, all())).isFalse();
    assertThat(q).containsExactly(before);
  }

  @Test
  void aDifferentPictureIsLeftAlone() {
    float[] q = picture(2);
    float[] before = q.clone();

    assertThat(TranslucentOverlay.remove(picture(1), q, all())).isFalse();
    assertThat(q).containsExactly(before);
  }
}
