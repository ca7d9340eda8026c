package dev.likeness.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PlanarFitTest {
  private static final int W = 512;
  private static final int H = 384;
  private static final int N = 140;
  private static final double TOLERANCE = 0.015 * 512;
  private static final double COHERENCE = 1.0;

  /** A print photographed at an angle: its far (top) edge 10 % shorter, pulled down a little. */
  private static final Homography KEYSTONE =
      Homography.of(
          ViewpointChange.homography(
              new double[] {0, W, W, 0},
              new double[] {0, 0, H, H},
              new double[] {25.6, W - 25.6, W, 0},
              new double[] {12.8, 12.8, H, H},
              4));

  @Test
  void aPrintPhotographedAtAnAngleIsAFlatCopy() {
    Random r = new Random(1);
    Pairs p = pairs(r, KEYSTONE, 0.5, 0);
    PlanarFit fit = grow(p);
    assertThat(fit).isNotNull();
    assertThat(fit.keystone(W, H)).isGreaterThan(PlanarFit.MIN_KEYSTONE);
    assertThat(fit.flatCopy(COHERENCE, W, H)).isTrue();
  }

  @Test
  void aCameraMovingForAFewFramesTiltsTooLittle() {
    Random r = new Random(2);
    Homography drift = new Homography(1, 0, 5, 0, 1, 3, 2e-5, -1.5e-5);
    PlanarFit fit = grow(pairs(r, drift, 0.5, 0));
    assertThat(fit).isNotNull();
    assertThat(fit.flatCopy(COHERENCE, W, H)).isFalse();
  }

  @Test
  void anObjectStandingOffThePlaneIsASecondMotion() {
    // Three of every twenty keypoints are on a box that moves its own way.
    Random r = new Random(3);
    PlanarFit fit = grow(pairs(r, KEYSTONE, 0.5, 3));
    assertThat(fit).isNotNull();
    assertThat(fit.secondMotion()).isGreaterThanOrEqualTo((int) (0.09 * fit.inliers()));
    assertThat(fit.flatCopy(COHERENCE, W, H)).isFalse();
  }

  @Test
  void parallaxLeftByASceneWithDepthIsNoFlatCopy() {
    // Depth grows across the frame: a displacement that neighbours share and no homography removes.
    Random r = new Random(4);
    Pairs p = pairs(r, KEYSTONE, 0.4, 0);
    for (int i = 0; i < N; i++) {
      p.u[i] += 3.5 * Math.sin(p.x[i] / 60.0) * Math.cos(p.y[i] / 50.0);
    }
    PlanarFit fit = grow(p);
    assertThat(fit == null || !fit.flatCopy(COHERENCE, W, H)).as("%s", fit).isTrue();
  }

  @Test
  void theInverseUndoesTheHomography() {
    Homography inv = KEYSTONE.inverse();
    double u = KEYSTONE.mapX(100, 200);
    double v = KEYSTONE.mapY(100, 200);
    assertThat(inv.mapX(u, v)).isCloseTo(100, within(1e-9));
    assertThat(inv.mapY(u, v)).isCloseTo(200, within(1e-9));
    Homography identity = KEYSTONE.after(inv);
    assertThat(identity.mapX(33, 44)).isCloseTo(33, within(1e-9));
  }

  private record Pairs(double[] x, double[] y, double[] u, double[] v, boolean[] start) {}

  /**
   * Keypoints spread over the frame mapped by {@code h} with Gaussian noise; {@code boxPer20} of
   * every twenty instead moved by a shift of their own. The similarity's inliers to start from: the
   * points near the centre, where any keystone is close to a similarity.
   */
  private static Pairs pairs(Random r, Homography h, double noise, int boxPer20) {
    double[] x = new double[N];
    double[] y = new double[N];
    double[] u = new double[N];
    double[] v = new double[N];
    boolean[] start = new boolean[N];
    for (int i = 0; i < N; i++) {
      x[i] = r.nextDouble() * W;
      y[i] = r.nextDouble() * H;
      if (i % 20 < boxPer20) {
        // The box: a patch in one corner, moved by (30, -20) against the plane's own motion.
        x[i] = 380 + r.nextDouble() * 100;
        y[i] = 40 + r.nextDouble() * 80;
        u[i] = x[i] + 30 + noise * r.nextGaussian();
        v[i] = y[i] - 20 + noise * r.nextGaussian();
      } else {
        u[i] = h.mapX(x[i], y[i]) + noise * r.nextGaussian();
        v[i] = h.mapY(x[i], y[i]) + noise * r.nextGaussian();
        start[i] = Math.abs(x[i] - W / 2.0) < W / 4.0 && Math.abs(y[i] - H / 2.0) < H / 4.0;
      }
    }
    return new Pairs(x, y, u, v, start);
  }

  private static PlanarFit grow(Pairs p) {
    return PlanarFit.grow(p.x, p.y, p.u, p.v, N, p.start, TOLERANCE, W, H);
  }
}
