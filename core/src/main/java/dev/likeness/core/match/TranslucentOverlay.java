package dev.likeness.core.match;

/**
 * Finds a translucent overlay (a stock-photo watermark: a large semi-transparent word, drawn over
 * the picture) in a query region aligned with an indexed picture, and takes it out before the two
 * are hashed. Where the overlay lies, the query is the picture seen through it: {@code q = (1 − α)
 * p + α c}, an affine function of the picture with a slope under one. A region that differs from
 * the picture there but not in that way — something that moved, another scene — is left as it is.
 *
 * <p>First the query is fitted to the picture over the whole region ({@code q ≈ g p + o}: a copy
 * may be brighter or have more contrast); pixels far off that fit are the occluded ones. If they
 * are a minority and, fitted among themselves, follow the picture with a lower slope, they are
 * replaced by the whole-region fit.
 */
final class TranslucentOverlay {
  /** Largest share of the region an overlay may cover. */
  static final double MAX_SHARE = 0.4;

  /** Smallest share: below it nothing is worth taking out. */
  static final double MIN_SHARE = 0.01;

  /** Difference from the fit, in luma levels, from which a pixel counts as occluded. */
  static final double OCCLUDED = 16;

  /** Range of the overlay's slope relative to the region's (1 − α for α of 10–80 %). */
  static final double MIN_SLOPE = 0.2;

  static final double MAX_SLOPE = 0.9;

  /** Largest distance, in luma levels, of an occluded pixel from the overlay's fit to follow it. */
  static final double MAX_SPREAD = 12;

  /** Smallest share of the occluded pixels that must follow the overlay's fit. */
  static final double MIN_FOLLOWERS = 0.3;

  /**
   * Smallest share over a plain part of the picture, where the slope says nothing: most of the
   * occluded pixels must be one tint (an object on a plain background is not).
   */
  static final double MIN_PLAIN_FOLLOWERS = 0.6;

  /** Deviation of the picture, in luma levels, under which a set of pixels is plain. */
  static final double FLAT_SPREAD = 6;

  private TranslucentOverlay() {}

  /**
   * Replaces the occluded pixels of {@code query} by what the picture predicts, if they look like a
   * translucent overlay; whether it did. Only {@code covered} pixels are read or changed.
   */
  static boolean remove(float[] picture, float[] query, boolean[] covered) {
    boolean[] occluded = new boolean[query.length];
    Fit whole = null;
    int n = 0;
    int count = 0;
    // The overlay pulls a plain fit towards it: refit on the pixels it leaves, a few times.
    for (int round = 0; round < 3; round++) {
      Fit next = Fit.of(picture, query, covered, occluded, false);
      if (next == null) {
        return false;
      }
      whole = next;
      n = 0;
      count = 0;
      for (int k = 0; k < query.length; k++) {
        if (covered[k]) {
          count++;
          occluded[k] = Math.abs(query[k] - whole.predict(picture[k])) > OCCLUDED;
          n += occluded[k] ? 1 : 0;
        }
      }
    }
    double share = (double) n / count;
    if (share < MIN_SHARE || share > MAX_SHARE || whole.slope < 0.3) {
      return false;
    }
    // The overlay's own fit, on the occluded pixels that follow it: letter edges, outlines and a
    // solid credit strip do not, and are taken out with the rest.
    boolean[] inOverlay = occluded.clone();
    Fit overlay = null;
    int followers = 0;
    for (int round = 0; round < 3; round++) {
      overlay = Fit.of(picture, query, covered, inOverlay, true);
      if (overlay == null) {
        return false;
      }
      followers = 0;
      for (int k = 0; k < query.length; k++) {
        inOverlay[k] =
            occluded[k] && Math.abs(query[k] - overlay.predict(picture[k])) <= MAX_SPREAD;
        followers += inOverlay[k] ? 1 : 0;
      }
    }
    // Over a plain part of the picture the overlay's slope is not measurable: a uniform tint is
    // enough; elsewhere the picture must show through with less contrast.
    double slope = overlay.slope / whole.slope;
    boolean plain = overlay.pictureSpread < FLAT_SPREAD;
    boolean seenThrough = plain || (slope >= MIN_SLOPE && slope <= MAX_SLOPE);
    if (!seenThrough || followers < (plain ? MIN_PLAIN_FOLLOWERS : MIN_FOLLOWERS) * n) {
      return false;
    }
    for (int k = 0; k < query.length; k++) {
      if (occluded[k]) {
        query[k] = (float) whole.predict(picture[k]);
      }
    }
    return true;
  }

  /** A least-squares line {@code q = slope p + offset}, and the deviation of {@code p}. */
  private record Fit(double slope, double offset, double pictureSpread) {
    double predict(double p) {
      return slope * p + offset;
    }

    /**
     * The fit over the covered pixels whose {@code mask} entry equals {@code in}; null if too few.
     * A plain set of pixels gets slope 1 (only its offset is measurable).
     */
    static Fit of(float[] p, float[] q, boolean[] covered, boolean[] mask, boolean in) {
      double n = 0;
      double sp = 0;
      double sq = 0;
      double spp = 0;
      double spq = 0;
      for (int k = 0; k < p.length; k++) {
        if (covered[k] && mask[k] == in) {
          n++;
          sp += p[k];
          sq += q[k];
          spp += (double) p[k] * p[k];
          spq += (double) p[k] * q[k];
        }
      }
      if (n < 16) {
        return null;
      }
      double var = spp - sp * sp / n;
      double spread = Math.sqrt(Math.max(0, var / n));
      double slope = spread < FLAT_SPREAD ? 1 : (spq - sp * sq / n) / var;
      return new Fit(slope, (sq - slope * sp) / n, spread);
    }
  }
}
