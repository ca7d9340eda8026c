package dev.likeness.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ViewpointChangeTest {
  private static final int N = 120;

  @Test
  void aCopyFitsASimilarityAndAMovedCameraDoesNot() {
    Random r = new Random(1);
    double[][] xy = points(r, N, 512, 384);
    double[] x = xy[0];
    double[] y = xy[1];
    // Keypoints found again in a copy move by up to a pixel or so, whatever the edit.
    double[][] copy =
        map(
            x,
            y,
            new double[] {
              0.9 * Math.cos(0.08),
              -0.9 * Math.sin(0.08),
              20,
              0.9 * Math.sin(0.08),
              0.9 * Math.cos(0.08),
              -14,
              0,
              0
            },
            r,
            0.6);
    // A camera moved over a flat scene: a few pixels of keystone across the frame, no more.
    double[][] moved = map(x, y, new double[] {1, 0, 5, 0, 1, 3, 2e-5, -1.5e-5}, r, 0.6);

    double copyF = ViewpointChange.fStatistic(x, y, copy[0], copy[1], N);
    double movedF = ViewpointChange.fStatistic(x, y, moved[0], moved[1], N);

    assertThat(copyF).isLessThan(5);
    assertThat(movedF).isGreaterThan(30);
  }

  @Test
  void anImageMatchedWithItselfShowsNoChange() {
    Random r = new Random(4);
    double[][] xy = points(r, N, 512, 384);
    double[] x = xy[0];
    double[] y = xy[1];
    // Exact correspondences leave only rounding in both fits: no evidence either way.
    double[][] same = map(x, y, new double[] {1, 0, 0, 0, 1, 0, 0, 0}, r, 0);
    assertThat(ViewpointChange.fStatistic(x, y, same[0], same[1], N)).isLessThan(1);
    double[][] scaled = map(x, y, new double[] {0.5, 0, 0, 0, 0.5, 0, 0, 0}, r, 1e-6);
    assertThat(ViewpointChange.fStatistic(x, y, scaled[0], scaled[1], N)).isLessThan(1);
  }

  @Test
  void tooFewCloseCorrespondencesSayNothing() {
    Random r = new Random(2);
    double[][] xy = points(r, ViewpointChange.MIN_POINTS - 1, 512, 512);
    double[] x = xy[0];
    double[] y = xy[1];
    double[][] moved = map(x, y, new double[] {1, 0, 0, 0, 1, 0, 5e-4, 0}, r, 0.5);
    assertThat(ViewpointChange.fStatistic(x, y, moved[0], moved[1], x.length)).isZero();
  }

  @Test
  void leastSquaresFitsRecoverExactTransforms() {
    Random r = new Random(3);
    double[][] xy = points(r, N, 640, 480);
    double[] x = xy[0];
    double[] y = xy[1];
    double[] h = {1.1, 0.05, -12, -0.04, 0.95, 30, 3e-4, -2e-4};
    double[][] uv = map(x, y, h, r, 0);
    double[] fit = ViewpointChange.homography(x, y, uv[0], uv[1], N);
    for (int k = 0; k < 8; k++) {
      assertThat(fit[k])
          .as("h[%d]", k)
          .isCloseTo(h[k], within(1e-6 * Math.max(1, Math.abs(h[k]) * 1e3)));
    }
    double[] s = {0.8, 0.3, 7, -9};
    double[][] st = map(x, y, new double[] {s[0], -s[1], s[2], s[1], s[0], s[3], 0, 0}, r, 0);
    assertThat(ViewpointChange.similarity(x, y, st[0], st[1], N)).containsExactly(s, within(1e-9));
  }

  /** {@code n} points spread over a {@code w × h} frame, as {x, y}. */
  @Test
  void independentErrorsLeaveNoCoherentResidual() {
    Random r = new Random(5);
    double[][] xy = points(r, N, 512, 384);
    double[] ru = new double[N];
    double[] rv = new double[N];
    for (int i = 0; i < N; i++) {
      ru[i] = 1.5 * r.nextGaussian();
      rv[i] = 1.5 * r.nextGaussian();
    }
    assertThat(ViewpointChange.coherentResidual(xy[0], xy[1], ru, rv, N)).isLessThan(0.4);
  }

  @Test
  void anObjectThatMovedAgainstItsBackgroundLeavesACoherentResidual() {
    // A box in the middle of the frame moved by (3, -2) pixels between two frames, the rest stood
    // still: one similarity fits both within the tolerance and leaves the two motions as residuals.
    Random r = new Random(6);
    double[][] xy = points(r, N, 512, 384);
    double[] ru = new double[N];
    double[] rv = new double[N];
    int inBox = 0;
    for (int i = 0; i < N; i++) {
      boolean box = xy[0][i] > 128 && xy[0][i] < 384 && xy[1][i] > 96 && xy[1][i] < 288;
      inBox += box ? 1 : 0;
      ru[i] = (box ? 3 : 0) + 0.6 * r.nextGaussian();
      rv[i] = (box ? -2 : 0) + 0.6 * r.nextGaussian();
    }
    // What the similarity would leave: the motions less their mean.
    double mu = 3.0 * inBox / N;
    double mv = -2.0 * inBox / N;
    double field = 0;
    for (int i = 0; i < N; i++) {
      ru[i] -= mu;
      rv[i] -= mv;
      boolean box = xy[0][i] > 128 && xy[0][i] < 384 && xy[1][i] > 96 && xy[1][i] < 288;
      field += Math.pow((box ? 3 : 0) - mu, 2) + Math.pow((box ? -2 : 0) - mv, 2);
    }
    double expected = Math.sqrt(field / N);
    // Points near the box's edge have neighbours on both sides, so a little less is found.
    assertThat(ViewpointChange.coherentResidual(xy[0], xy[1], ru, rv, N))
        .isGreaterThan(1.0)
        .isBetween(0.6 * expected, 1.1 * expected);
  }

  @Test
  void aBlobFoundAtTwoScalesIsOneMeasurement() {
    // Every keypoint twice, a pixel apart, with the same error: without leaving such pairs out,
    // each would predict the other perfectly and independent errors would look coherent.
    Random r = new Random(7);
    int half = N / 2;
    double[][] xy = points(r, half, 512, 384);
    double[] x = new double[N];
    double[] y = new double[N];
    double[] ru = new double[N];
    double[] rv = new double[N];
    for (int i = 0; i < half; i++) {
      double eu = 1.5 * r.nextGaussian();
      double ev = 1.5 * r.nextGaussian();
      x[2 * i] = xy[0][i];
      y[2 * i] = xy[1][i];
      x[2 * i + 1] = xy[0][i] + 1;
      y[2 * i + 1] = xy[1][i];
      ru[2 * i] = eu;
      ru[2 * i + 1] = eu;
      rv[2 * i] = ev;
      rv[2 * i + 1] = ev;
    }
    assertThat(ViewpointChange.coherentResidual(x, y, ru, rv, N)).isLessThan(0.4);
  }

  @Test
  void tooFewPointsShowNoCoherentResidual() {
    Random r = new Random(8);
    int n = ViewpointChange.MIN_POINTS - 1;
    double[][] xy = points(r, n, 512, 384);
    double[] shift = new double[n];
    Arrays.fill(shift, 5);
    assertThat(ViewpointChange.coherentResidual(xy[0], xy[1], shift, shift, n)).isZero();
  }

  private static double[][] points(Random r, int n, double w, double h) {
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() * w;
      y[i] = r.nextDouble() * h;
    }
    return new double[][] {x, y};
  }

  /** Maps points through {h11 … h32} and adds Gaussian noise of {@code sigma} pixels. */
  private static double[][] map(double[] x, double[] y, double[] h, Random r, double sigma) {
    double[] u = new double[x.length];
    double[] v = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double w = h[6] * x[i] + h[7] * y[i] + 1;
      u[i] = (h[0] * x[i] + h[1] * y[i] + h[2]) / w + r.nextGaussian() * sigma;
      v[i] = (h[3] * x[i] + h[4] * y[i] + h[5]) / w + r.nextGaussian() * sigma;
    }
    return new double[][] {u, v};
  }
}
