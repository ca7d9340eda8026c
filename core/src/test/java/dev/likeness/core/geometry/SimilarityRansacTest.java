package dev.likeness.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityRansacTest {
  private final SimilarityRansac ransac = new SimilarityRansac(300, 4, 0.2, 5, true);

  @Test
  void recoversAScaledRotatedShiftedSetAmongOutliers() {
    Similarity truth = Similarity.of(1.43, Math.toRadians(5), -60, 35, false);
    Points p = points(truth, 60, 0.5, 1.0, 1);

    SimilarityRansac.Fit fit = ransac.fit(p.sx, p.sy, p.tx, p.ty, p.n);

    assertThat(fit.transform().mirrored()).isFalse();
    assertThat(fit.transform().scale()).isCloseTo(1.43, offset(0.01));
    assertThat(Math.toDegrees(fit.transform().rotation())).isCloseTo(5, offset(0.5));
    assertThat(fit.transform().tx()).isCloseTo(-60, offset(2.0));
    assertThat(fit.transform().ty()).isCloseTo(35, offset(2.0));
    assertThat(fit.inlierCount()).isEqualTo(p.inliers);
    for (int i = 0; i < p.n; i++) {
      assertThat(fit.inliers()[i]).isEqualTo(p.isInlier[i]);
    }
  }

  @Test
  void recoversAMirroredTransformOnlyWhenAllowed() {
    Similarity truth = Similarity.of(0.8, Math.toRadians(90), 300, 10, true);
    Points p = points(truth, 40, 0.3, 0.5, 2);

    SimilarityRansac.Fit fit = ransac.fit(p.sx, p.sy, p.tx, p.ty, p.n);
    assertThat(fit.transform().mirrored()).isTrue();
    assertThat(fit.transform().scale()).isCloseTo(0.8, offset(0.01));
    assertThat(fit.inlierCount()).isEqualTo(p.inliers);

    SimilarityRansac.Fit direct =
        new SimilarityRansac(300, 4, 0.2, 5, false).fit(p.sx, p.sy, p.tx, p.ty, p.n);
    assertThat(direct == null ? 0 : direct.inlierCount()).isLessThan(p.inliers / 3);
  }

  @Test
  void theFitIsTheLeastSquaresSimilarityOfItsInliers() {
    // Keypoints found again with errors of a pixel or two, some near the tolerance: the hypothesis
    // that wins the vote gathers borderline pairs and is tilted by them; the least-squares fit over
    // its consensus is the better estimate even though it leaves one of those pairs outside.
    Similarity truth = Similarity.of(1, Math.toRadians(-90), 0, 383, false);
    for (long seed = 1; seed <= 40; seed++) {
      Random r = new Random(seed);
      int n = 150;
      float[] sx = new float[n];
      float[] sy = new float[n];
      float[] tx = new float[n];
      float[] ty = new float[n];
      for (int i = 0; i < n; i++) {
        sx[i] = r.nextFloat() * 384;
        sy[i] = r.nextFloat() * 512;
        tx[i] = (float) (truth.mapX(sx[i], sy[i]) + 1.6 * r.nextGaussian());
        ty[i] = (float) (truth.mapY(sx[i], sy[i]) + 1.6 * r.nextGaussian());
      }
      Points p = new Points(sx, sy, tx, ty, n, n, null);
      SimilarityRansac.Fit fit = ransac.fit(sx, sy, tx, ty, n);
      double fitted = rms(fit.transform(), p, fit.inliers());
      double best = rms(leastSquares(p, fit.inliers()), p, fit.inliers());
      assertThat(fitted).as("seed %d", seed).isLessThanOrEqualTo(best * 1.02);
    }
  }

  private static double rms(Similarity t, Points p, boolean[] use) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < p.n; i++) {
      if (use[i]) {
        sum +=
            Math.pow(t.mapX(p.sx[i], p.sy[i]) - p.tx[i], 2)
                + Math.pow(t.mapY(p.sx[i], p.sy[i]) - p.ty[i], 2);
        n++;
      }
    }
    return Math.sqrt(sum / n);
  }

  /** The least-squares similarity (no reflection) of the chosen pairs, by the normal equations. */
  private static Similarity leastSquares(Points p, boolean[] use) {
    double[] m = new double[4];
    int n = 0;
    for (int i = 0; i < p.n; i++) {
      if (use[i]) {
        m[0] += p.sx[i];
        m[1] += p.sy[i];
        m[2] += p.tx[i];
        m[3] += p.ty[i];
        n++;
      }
    }
    for (int k = 0; k < 4; k++) {
      m[k] /= n;
    }
    double xx = 0;
    double along = 0;
    double across = 0;
    for (int i = 0; i < p.n; i++) {
      if (use[i]) {
        double x = p.sx[i] - m[0];
        double y = p.sy[i] - m[1];
        double u = p.tx[i] - m[2];
        double v = p.ty[i] - m[3];
        xx += x * x + y * y;
        along += x * u + y * v;
        across += x * v - y * u;
      }
    }
    double a = along / xx;
    double b = across / xx;
    return new Similarity(a, b, m[2] - (a * m[0] - b * m[1]), m[3] - (b * m[0] + a * m[1]), false);
  }

  @Test
  void pureNoiseHasNoLargeConsensus() {
    Points p = points(Similarity.IDENTITY, 80, 1.0, 0, 3);
    SimilarityRansac.Fit fit = ransac.fit(p.sx, p.sy, p.tx, p.ty, p.n);
    assertThat(fit == null ? 0 : fit.inlierCount()).isLessThanOrEqualTo(5);
  }

  @Test
  void composesAndInverts() {
    Similarity a = Similarity.of(2, 0.3, 5, -7, true);
    Similarity b = Similarity.of(0.5, -1.1, 12, 3, false);
    double x = 17;
    double y = -4;
    Similarity ab = a.after(b);
    assertThat(ab.mapX(x, y)).isCloseTo(a.mapX(b.mapX(x, y), b.mapY(x, y)), offset(1e-9));
    assertThat(ab.mapY(x, y)).isCloseTo(a.mapY(b.mapX(x, y), b.mapY(x, y)), offset(1e-9));
    for (Similarity s : new Similarity[] {a, b, ab}) {
      Similarity inv = s.inverse();
      assertThat(inv.mapX(s.mapX(x, y), s.mapY(x, y))).isCloseTo(x, offset(1e-9));
      assertThat(inv.mapY(s.mapX(x, y), s.mapY(x, y))).isCloseTo(y, offset(1e-9));
    }
  }

  private record Points(
      float[] sx, float[] sy, float[] tx, float[] ty, int n, int inliers, boolean[] isInlier) {}

  /**
   * n points in a 512×384 frame, a share of them outliers placed at random, noise in target units.
   */
  private static Points points(Similarity t, int n, double outlierShare, double noise, long seed) {
    Random r = new Random(seed);
    float[] sx = new float[n];
    float[] sy = new float[n];
    float[] tx = new float[n];
    float[] ty = new float[n];
    boolean[] in = new boolean[n];
    int inliers = 0;
    for (int i = 0; i < n; i++) {
      sx[i] = r.nextFloat() * 512;
      sy[i] = r.nextFloat() * 384;
      if (r.nextDouble() < outlierShare) {
        tx[i] = r.nextFloat() * 512;
        ty[i] = r.nextFloat() * 384;
        // An outlier that lands near its true image by chance is an inlier; count it as the fit
        // would.
        in[i] =
            Math.hypot(tx[i] - t.mapX(sx[i], sy[i]), ty[i] - t.mapY(sx[i], sy[i])) <= 4 - 2 * noise;
      } else {
        tx[i] = (float) (t.mapX(sx[i], sy[i]) + noise * (r.nextDouble() * 2 - 1) / Math.sqrt(2));
        ty[i] = (float) (t.mapY(sx[i], sy[i]) + noise * (r.nextDouble() * 2 - 1) / Math.sqrt(2));
        in[i] = true;
      }
      if (in[i]) {
        inliers++;
      }
    }
    return new Points(sx, sy, tx, ty, n, inliers, in);
  }
}
