package dev.likeness.core.geometry;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Whether matched keypoints show a change of viewpoint: a digital copy (crop, scale, rotation,
 * flip) maps its keypoints onto the original by a similarity, while a second photograph of the
 * scene, even a frame later from a moving camera, maps them by a projective transformation (or not
 * at all). The measure is the F statistic of the nested least-squares fits: how much a homography's
 * four extra parameters reduce the residual of a similarity, against the residual that is left.
 * Copies stay around 1 (under 11 for 98 % of the quality set's edited copies); a camera that moved
 * over a poster gives 30–50.
 *
 * <p>A scene with depth, or an object that moved between two frames, fits no single homography
 * either, and then the F statistic stays low. The second measure, {@link #coherentResidual}, looks
 * at what the similarity leaves: a copy's keypoints are found again with small independent errors,
 * while a moved camera leaves a displacement field that neighbouring keypoints share.
 */
public final class ViewpointChange {
  /**
   * Correspondences farther than this from the least-squares similarity (frame pixels) are left
   * out.
   */
  public static final double TIGHT = 3.0;

  /** Fewest correspondences near the similarity for the statistic to mean anything. */
  public static final int MIN_POINTS = 20;

  /**
   * Least residual variance (frame pixels squared) the statistic divides by: keypoints found again
   * move by a tenth of a pixel at least, and an image compared with itself leaves only rounding,
   * against which any difference would look significant.
   */
  static final double MIN_NOISE_VARIANCE = 0.01;

  /**
   * Nearest neighbours whose residuals predict a keypoint's residual in {@link #coherentResidual}.
   */
  static final int NEIGHBOURS = 6;

  /**
   * Neighbours closer than this (frame pixels) are left out: one blob found at two scales is one
   * measurement, and its two residuals agree whatever the transform.
   */
  static final double SAME_SPOT = 2.0;

  private ViewpointChange() {}

  /**
   * The F statistic of a homography over a similarity for the correspondences {@code (x, y) → (u,
   * v)} within {@link #TIGHT} of the least-squares similarity, or 0 when fewer than {@link
   * #MIN_POINTS} are.
   */
  public static double fStatistic(double[] x, double[] y, double[] u, double[] v, int n) {
    double[] sim = similarity(x, y, u, v, n);
    int m = 0;
    double[] tx = new double[n];
    double[] ty = new double[n];
    double[] tu = new double[n];
    double[] tv = new double[n];
    for (int i = 0; i < n; i++) {
      if (Math.hypot(
              sim[0] * x[i] - sim[1] * y[i] + sim[2] - u[i],
              sim[1] * x[i] + sim[0] * y[i] + sim[3] - v[i])
          <= TIGHT) {
        tx[m] = x[i];
        ty[m] = y[i];
        tu[m] = u[i];
        tv[m] = v[i];
        m++;
      }
    }
    if (m < MIN_POINTS) {
      return 0;
    }
    double[] s = similarity(tx, ty, tu, tv, m);
    double[] h = homography(tx, ty, tu, tv, m);
    double rssSimilarity = 0;
    double rssHomography = 0;
    for (int i = 0; i < m; i++) {
      double su = s[0] * tx[i] - s[1] * ty[i] + s[2] - tu[i];
      double sv = s[1] * tx[i] + s[0] * ty[i] + s[3] - tv[i];
      rssSimilarity += su * su + sv * sv;
      double w = h[6] * tx[i] + h[7] * ty[i] + 1;
      double hu = (h[0] * tx[i] + h[1] * ty[i] + h[2]) / w - tu[i];
      double hv = (h[3] * tx[i] + h[4] * ty[i] + h[5]) / w - tv[i];
      rssHomography += hu * hu + hv * hv;
    }
    double noise = Math.max(rssHomography / (2 * m - 8), MIN_NOISE_VARIANCE);
    return Math.max(0, rssSimilarity - rssHomography) / 4 / noise;
  }

  /**
   * The root mean square of the part of the residuals {@code (rx, ry)} at {@code (x, y)} that the
   * mean residual of each point's {@link #NEIGHBOURS} nearest neighbours predicts, in the
   * residuals' units: about 0 for independent errors, and the size of the unexplained displacement
   * field when neighbours share it. Computed as {@code sqrt(max(0, S0 − S1) / n)}, where S0 is the
   * residuals' sum of squares and S1 that of their differences from the neighbour means; 0 for
   * fewer than {@link #MIN_POINTS} points.
   */
  public static double coherentResidual(double[] x, double[] y, double[] rx, double[] ry, int n) {
    if (n < MIN_POINTS) {
      return 0;
    }
    double s0 = 0;
    double s1 = 0;
    int counted = 0;
    int[] nearest = new int[NEIGHBOURS];
    double[] nearestD2 = new double[NEIGHBOURS];
    double sameSpot2 = SAME_SPOT * SAME_SPOT;
    for (int i = 0; i < n; i++) {
      int found = 0;
      for (int j = 0; j < n; j++) {
        double dx = x[j] - x[i];
        double dy = y[j] - y[i];
        double d2 = dx * dx + dy * dy;
        if (j == i || d2 < sameSpot2 || (found == NEIGHBOURS && d2 >= nearestD2[NEIGHBOURS - 1])) {
          continue;
        }
        // Insertion into the short sorted list of the nearest so far.
        int at = found < NEIGHBOURS ? found++ : NEIGHBOURS - 1;
        while (at > 0 && nearestD2[at - 1] > d2) {
          nearestD2[at] = nearestD2[at - 1];
          nearest[at] = nearest[at - 1];
          at--;
        }
        nearestD2[at] = d2;
        nearest[at] = j;
      }
      if (found == 0) {
        continue;
      }
      double mx = 0;
      double my = 0;
      for (int q = 0; q < found; q++) {
        mx += rx[nearest[q]];
        my += ry[nearest[q]];
      }
      mx /= found;
      my /= found;
      s0 += rx[i] * rx[i] + ry[i] * ry[i];
      s1 += (rx[i] - mx) * (rx[i] - mx) + (ry[i] - my) * (ry[i] - my);
      counted++;
    }
    return counted == 0 ? 0 : Math.sqrt(Math.max(0, s0 - s1) / counted);
  }

  /** Least-squares similarity {@code u = a x − b y + c, v = b x + a y + d} as {a, b, c, d}. */
  static double[] similarity(double[] x, double[] y, double[] u, double[] v, int n) {
    DMatrixRMaj a = new DMatrixRMaj(2 * n, 4);
    DMatrixRMaj b = new DMatrixRMaj(2 * n, 1);
    for (int i = 0; i < n; i++) {
      row(a, b, 2 * i, new double[] {x[i], -y[i], 1, 0}, u[i]);
      row(a, b, 2 * i + 1, new double[] {y[i], x[i], 0, 1}, v[i]);
    }
    return leastSquares(a, b);
  }

  /**
   * Least-squares homography with {@code h33 = 1} (the linear, algebraic form), in coordinates
   * centred and scaled for conditioning, returned for the original coordinates as {h11 … h32}.
   */
  static double[] homography(double[] x, double[] y, double[] u, double[] v, int n) {
    double mx = 0;
    double my = 0;
    double mu = 0;
    double mv = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
      mu += u[i];
      mv += v[i];
    }
    mx /= n;
    my /= n;
    mu /= n;
    mv /= n;
    double sxy = 0;
    double suv = 0;
    for (int i = 0; i < n; i++) {
      sxy += Math.hypot(x[i] - mx, y[i] - my);
      suv += Math.hypot(u[i] - mu, v[i] - mv);
    }
    double k = sxy > 0 ? n / sxy : 1;
    double l = suv > 0 ? n / suv : 1;
    DMatrixRMaj a = new DMatrixRMaj(2 * n, 8);
    DMatrixRMaj b = new DMatrixRMaj(2 * n, 1);
    for (int i = 0; i < n; i++) {
      double px = (x[i] - mx) * k;
      double py = (y[i] - my) * k;
      double pu = (u[i] - mu) * l;
      double pv = (v[i] - mv) * l;
      row(a, b, 2 * i, new double[] {px, py, 1, 0, 0, 0, -px * pu, -py * pu}, pu);
      row(a, b, 2 * i + 1, new double[] {0, 0, 0, px, py, 1, -px * pv, -py * pv}, pv);
    }
    double[] g = leastSquares(a, b);
    // Undo the normalisations: H = T_uv⁻¹ · G · T_xy, then scale so that h33 = 1.
    double[][] gm = {{g[0], g[1], g[2]}, {g[3], g[4], g[5]}, {g[6], g[7], 1}};
    double[][] txy = {{k, 0, -k * mx}, {0, k, -k * my}, {0, 0, 1}};
    double[][] tuvInv = {{1 / l, 0, mu}, {0, 1 / l, mv}, {0, 0, 1}};
    double[][] hm = multiply(tuvInv, multiply(gm, txy));
    double s = hm[2][2];
    return new double[] {
      hm[0][0] / s,
      hm[0][1] / s,
      hm[0][2] / s,
      hm[1][0] / s,
      hm[1][1] / s,
      hm[1][2] / s,
      hm[2][0] / s,
      hm[2][1] / s
    };
  }

  private static void row(DMatrixRMaj a, DMatrixRMaj b, int r, double[] coefficients, double rhs) {
    for (int c = 0; c < coefficients.length; c++) {
      a.set(r, c, coefficients[c]);
    }
    b.set(r, 0, rhs);
  }

  /**
   * The least-squares solution of {@code a x = b} (EJML, by QR); zeros if {@code a} is degenerate.
   */
  private static double[] leastSquares(DMatrixRMaj a, DMatrixRMaj b) {
    DMatrixRMaj x = new DMatrixRMaj(a.numCols, 1);
    if (!CommonOps_DDRM.solve(a, b, x)) {
      return new double[a.numCols];
    }
    return x.data.clone();
  }

  private static double[][] multiply(double[][] p, double[][] q) {
    double[][] out = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          out[i][j] += p[i][k] * q[k][j];
        }
      }
    }
    return out;
  }
}
