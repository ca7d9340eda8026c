package dev.likeness.core.geometry;

import java.util.Arrays;

/**
 * Whether correspondences that fit a homography better than a similarity come from a photograph of
 * a flat copy (a print or a screen shot at an angle) rather than from a second photograph of a
 * scene with depth. A flat copy maps through <em>one</em> homography over the whole overlap, with
 * the small independent errors of keypoints found again; a scene with depth leaves parallax, a
 * displacement that no single homography explains and that neighbouring keypoints share.
 *
 * <p>The homography is grown from the similarity's inliers: fitted to them, then to every
 * correspondence within the tolerance of it, until that set stops growing.
 *
 * @param transform the homography, query frame → indexed frame
 * @param inliers correspondences within {@link ViewpointChange#TIGHT} of it
 * @param rms their root mean square residual (frame pixels)
 * @param coherentResidual the part of those residuals neighbours share ({@link
 *     ViewpointChange#coherentResidual})
 * @param spread the share of the query frame the inliers' bounding box covers
 * @param secondMotion the most correspondences off the homography that one similarity maps: an
 *     object standing off the plane (a box on a poster) moves consistently, a copy's stray matches
 *     do not
 */
public record PlanarFit(
    Homography transform,
    int inliers,
    double rms,
    double coherentResidual,
    double spread,
    int secondMotion) {
  /** Rounds of refitting and regathering at most. */
  static final int ROUNDS = 5;

  /** Largest RMS residual (frame pixels) of a flat copy's keypoints under its homography. */
  public static final double MAX_RMS = 1.5;

  /** Smallest share of the query frame a flat copy's inliers span. */
  public static final double MIN_SPREAD = 0.3;

  /**
   * Smallest keystone ({@link #keystone}) for a flat copy: a camera moving over a flat scene for a
   * few frames tilts the view by a few percent (0.01–0.05 on the quality set's sequences), a print
   * photographed by hand by more (0.12–0.21 for keystones of 8–12 %).
   */
  public static final double MIN_KEYSTONE = 0.08;

  /**
   * Share of the homography's inliers that one similarity must map off it to be a second motion: a
   * box on a poster seen from a moving camera gives 10–12 %, a copy's stray matches 1–8 %.
   */
  public static final double SECOND_MOTION_SHARE = 0.09;

  /** Two-point samples for the second motion. */
  static final int SECOND_MOTION_ITERATIONS = 200;

  /**
   * Grows a homography over {@code (x, y) → (u, v)} from the correspondences marked in {@code
   * start}, gathering those within {@code tolerance}; null when fewer than {@link
   * ViewpointChange#MIN_POINTS} fit it closely.
   *
   * @param frameWidth width of the query frame, for the spread
   * @param frameHeight its height
   */
  public static PlanarFit grow(
      double[] x,
      double[] y,
      double[] u,
      double[] v,
      int n,
      boolean[] start,
      double tolerance,
      int frameWidth,
      int frameHeight) {
    boolean[] in = start.clone();
    int count = count(in, n);
    double[] h = null;
    double tol2 = tolerance * tolerance;
    for (int round = 0; round < ROUNDS; round++) {
      if (count < ViewpointChange.MIN_POINTS) {
        return null;
      }
      h = fit(x, y, u, v, n, in, count);
      int grown = 0;
      boolean[] next = new boolean[n];
      for (int i = 0; i < n; i++) {
        if (residual2(h, x[i], y[i], u[i], v[i]) <= tol2) {
          next[i] = true;
          grown++;
        }
      }
      boolean same = Arrays.equals(next, in);
      in = next;
      count = grown;
      if (same) {
        break;
      }
    }
    if (h == null || count < ViewpointChange.MIN_POINTS) {
      return null;
    }
    h = fit(x, y, u, v, n, in, count);
    // The final measures over the correspondences close to the homography.
    double tight2 = ViewpointChange.TIGHT * ViewpointChange.TIGHT;
    double[] cx = new double[n];
    double[] cy = new double[n];
    double[] rx = new double[n];
    double[] ry = new double[n];
    int m = 0;
    double ss = 0;
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    Homography t = Homography.of(h);
    for (int i = 0; i < n; i++) {
      double du = t.mapX(x[i], y[i]) - u[i];
      double dv = t.mapY(x[i], y[i]) - v[i];
      if (du * du + dv * dv > tight2) {
        continue;
      }
      cx[m] = u[i];
      cy[m] = v[i];
      rx[m] = du;
      ry[m] = dv;
      ss += du * du + dv * dv;
      minX = Math.min(minX, x[i]);
      maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]);
      maxY = Math.max(maxY, y[i]);
      m++;
    }
    if (m < ViewpointChange.MIN_POINTS) {
      return null;
    }
    double spread = (maxX - minX) * (maxY - minY) / ((double) frameWidth * frameHeight);
    return new PlanarFit(
        t,
        m,
        Math.sqrt(ss / m),
        ViewpointChange.coherentResidual(cx, cy, rx, ry, m),
        spread,
        secondMotion(x, y, u, v, n, t, tolerance));
  }

  /** The inliers of the best similarity among the correspondences farther than the tolerance. */
  private static int secondMotion(
      double[] x, double[] y, double[] u, double[] v, int n, Homography t, double tolerance) {
    float[] ox = new float[n];
    float[] oy = new float[n];
    float[] ou = new float[n];
    float[] ov = new float[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      double du = t.mapX(x[i], y[i]) - u[i];
      double dv = t.mapY(x[i], y[i]) - v[i];
      if (du * du + dv * dv > tolerance * tolerance) {
        ox[k] = (float) x[i];
        oy[k] = (float) y[i];
        ou[k] = (float) u[i];
        ov[k] = (float) v[i];
        k++;
      }
    }
    SimilarityRansac.Fit second =
        new SimilarityRansac(SECOND_MOTION_ITERATIONS, tolerance, 0.2, 5.0, false)
            .fit(ox, oy, ou, ov, k);
    return second == null ? 0 : second.inlierCount();
  }

  /**
   * Whether this is a flat copy photographed at an angle: small independent residuals ({@link
   * #MAX_RMS}, coherent residual under {@code maxCoherent}) from inliers spread over the {@code
   * width × height} query frame ({@link #MIN_SPREAD}), a keystone no few frames of a moving camera
   * make ({@link #MIN_KEYSTONE}), and nothing else that moves consistently ({@link
   * #SECOND_MOTION_SHARE}).
   */
  public boolean flatCopy(double maxCoherent, int width, int height) {
    return rms <= MAX_RMS
        && coherentResidual <= maxCoherent
        && spread >= MIN_SPREAD
        && keystone(width, height) >= MIN_KEYSTONE
        && secondMotion < SECOND_MOTION_SHARE * inliers;
  }

  /**
   * How far the homography is from a similarity over a {@code width × height} query frame: the
   * larger relative difference of its scale between opposite edges (left and right, top and
   * bottom), as a log ratio; 0.1 is a keystone of about 10 %.
   */
  public double keystone(int width, int height) {
    double l = transform.scaleAt(0, height / 2.0);
    double r = transform.scaleAt(width, height / 2.0);
    double t = transform.scaleAt(width / 2.0, 0);
    double b = transform.scaleAt(width / 2.0, height);
    return Math.max(Math.abs(Math.log(l / r)), Math.abs(Math.log(t / b)));
  }

  private static int count(boolean[] in, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) {
      c += in[i] ? 1 : 0;
    }
    return c;
  }

  private static double[] fit(
      double[] x, double[] y, double[] u, double[] v, int n, boolean[] in, int count) {
    double[] fx = new double[count];
    double[] fy = new double[count];
    double[] fu = new double[count];
    double[] fv = new double[count];
    for (int i = 0, j = 0; i < n; i++) {
      if (in[i]) {
        fx[j] = x[i];
        fy[j] = y[i];
        fu[j] = u[i];
        fv[j] = v[i];
        j++;
      }
    }
    return ViewpointChange.homography(fx, fy, fu, fv, count);
  }

  private static double residual2(double[] h, double x, double y, double u, double v) {
    double w = h[6] * x + h[7] * y + 1;
    double du = (h[0] * x + h[1] * y + h[2]) / w - u;
    double dv = (h[3] * x + h[4] * y + h[5]) / w - v;
    return du * du + dv * dv;
  }
}
