package dev.likeness.core.geometry;

import java.util.SplittableRandom;

/**
 * Robust fit of a {@link Similarity} to point correspondences: RANSAC over two-point samples (each
 * sample gives one direct and, if allowed, one mirrored hypothesis), then least-squares refinement
 * on the inliers, repeated until the inlier set stops growing. Deterministic: the sampling is
 * seeded.
 */
public final class SimilarityRansac {
  private final int iterations;
  private final double tolerance;
  private final double minScale;
  private final double maxScale;
  private final boolean allowMirror;

  /**
   * A fitter.
   *
   * @param iterations two-point samples to draw (all pairs are tried when there are fewer)
   * @param tolerance largest distance, in target units, between a mapped point and its partner
   * @param minScale smallest plausible scale; hypotheses outside [minScale, maxScale] are skipped
   * @param maxScale largest plausible scale
   * @param allowMirror whether mirrored hypotheses are tried too
   */
  public SimilarityRansac(
      int iterations, double tolerance, double minScale, double maxScale, boolean allowMirror) {
    this.iterations = iterations;
    this.tolerance = tolerance;
    this.minScale = minScale;
    this.maxScale = maxScale;
    this.allowMirror = allowMirror;
  }

  /** The best transform and its inliers. */
  public record Fit(Similarity transform, boolean[] inliers, int inlierCount) {}

  /**
   * Fits {@code (sx[i], sy[i]) → (tx[i], ty[i])} for {@code i < n}; null when fewer than two points
   * or no hypothesis had two inliers.
   */
  public Fit fit(float[] sx, float[] sy, float[] tx, float[] ty, int n) {
    if (n < 2) {
      return null;
    }
    SplittableRandom random = new SplittableRandom(0x5eed + n);
    int allPairs = n * (n - 1) / 2;
    boolean exhaustive = allPairs <= iterations;
    int draws = exhaustive ? allPairs : iterations;
    Similarity best = null;
    int bestCount = 1;
    double tol2 = tolerance * tolerance;
    int pi = 0;
    int pj = 1;
    for (int it = 0; it < draws; it++) {
      int i;
      int j;
      if (exhaustive) {
        i = pi;
        j = pj;
        if (++pj == n) {
          pi++;
          pj = pi + 1;
        }
      } else {
        i = random.nextInt(n);
        j = random.nextInt(n - 1);
        if (j >= i) {
          j++;
        }
      }
      for (int m = 0; m < (allowMirror ? 2 : 1); m++) {
        Similarity h = twoPoint(sx[i], sy[i], tx[i], ty[i], sx[j], sy[j], tx[j], ty[j], m == 1);
        if (h == null) {
          continue;
        }
        int count = count(h, sx, sy, tx, ty, n, tol2);
        if (count > bestCount) {
          bestCount = count;
          best = h;
        }
      }
    }
    if (best == null) {
      return null;
    }
    boolean[] inliers = new boolean[n];
    int count = mark(best, sx, sy, tx, ty, n, tol2, inliers);
    for (int round = 0; round < 4; round++) {
      Similarity refined = leastSquares(sx, sy, tx, ty, n, inliers, best.mirrored());
      if (refined == null) {
        break;
      }
      boolean[] next = new boolean[n];
      int nextCount = mark(refined, sx, sy, tx, ty, n, tol2, next);
      // A least-squares fit over the consensus is the better estimate even when a borderline
      // correspondence or two fall outside the tolerance; only a fit that loses many is refused.
      if (nextCount * 10 < count * 9) {
        break;
      }
      best = refined;
      inliers = next;
      if (nextCount == count) {
        break;
      }
      count = nextCount;
    }
    return new Fit(best, inliers, count);
  }

  private Similarity twoPoint(
      double x1,
      double y1,
      double u1,
      double v1,
      double x2,
      double y2,
      double u2,
      double v2,
      boolean mirrored) {
    // Complex form: target = z·p + t, or z·conj(p) + t when mirrored.
    double dx = x2 - x1;
    double dy = mirrored ? -(y2 - y1) : y2 - y1;
    double du = u2 - u1;
    double dv = v2 - v1;
    double den = dx * dx + dy * dy;
    if (den < 1e-9) {
      return null;
    }
    double a = (du * dx + dv * dy) / den;
    double b = (dv * dx - du * dy) / den;
    double s = Math.hypot(a, b);
    if (s < minScale || s > maxScale) {
      return null;
    }
    double py = mirrored ? -y1 : y1;
    double t1 = u1 - (a * x1 - b * py);
    double t2 = v1 - (b * x1 + a * py);
    return new Similarity(a, b, t1, t2, mirrored);
  }

  private static int count(
      Similarity h, float[] sx, float[] sy, float[] tx, float[] ty, int n, double tol2) {
    int c = 0;
    for (int k = 0; k < n; k++) {
      double ex = h.mapX(sx[k], sy[k]) - tx[k];
      double ey = h.mapY(sx[k], sy[k]) - ty[k];
      if (ex * ex + ey * ey <= tol2) {
        c++;
      }
    }
    return c;
  }

  private static int mark(
      Similarity h,
      float[] sx,
      float[] sy,
      float[] tx,
      float[] ty,
      int n,
      double tol2,
      boolean[] out) {
    int c = 0;
    for (int k = 0; k < n; k++) {
      double ex = h.mapX(sx[k], sy[k]) - tx[k];
      double ey = h.mapY(sx[k], sy[k]) - ty[k];
      out[k] = ex * ex + ey * ey <= tol2;
      if (out[k]) {
        c++;
      }
    }
    return c;
  }

  /** Closed-form least-squares similarity (Umeyama without the SVD: 2-D has a direct solution). */
  private Similarity leastSquares(
      float[] sx, float[] sy, float[] tx, float[] ty, int n, boolean[] use, boolean mirrored) {
    double mx = 0;
    double my = 0;
    double mu = 0;
    double mv = 0;
    int c = 0;
    for (int k = 0; k < n; k++) {
      if (use[k]) {
        double y = mirrored ? -sy[k] : sy[k];
        mx += sx[k];
        my += y;
        mu += tx[k];
        mv += ty[k];
        c++;
      }
    }
    if (c < 2) {
      return null;
    }
    mx /= c;
    my /= c;
    mu /= c;
    mv /= c;
    double sxx = 0;
    double sab = 0;
    double sba = 0;
    for (int k = 0; k < n; k++) {
      if (use[k]) {
        double x = sx[k] - mx;
        double y = (mirrored ? -sy[k] : sy[k]) - my;
        double u = tx[k] - mu;
        double v = ty[k] - mv;
        sxx += x * x + y * y;
        sab += x * u + y * v;
        sba += x * v - y * u;
      }
    }
    if (sxx < 1e-9) {
      return null;
    }
    double a = sab / sxx;
    double b = sba / sxx;
    double s = Math.hypot(a, b);
    if (s < minScale || s > maxScale) {
      return null;
    }
    return new Similarity(a, b, mu - (a * mx - b * my), mv - (b * mx + a * my), mirrored);
  }
}
