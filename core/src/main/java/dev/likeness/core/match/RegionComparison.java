package dev.likeness.core.match;

import dev.likeness.contract.hash.PdqHash;
import dev.likeness.core.geometry.Similarity;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.hash.PdqHasher;
import java.awt.geom.Rectangle2D;

/**
 * The photometric check behind a keypoint match: the part of the indexed picture that the query
 * covers, and the query resampled onto the same pixels through the estimated transform, compared by
 * PDQ distance. A copy, however cropped or framed, lines up and scores like a whole-image match; a
 * different shot of the same scene does not line up everywhere and scores like a different image.
 * Pixels only one side covers (outside the query, or the query's own off-image margins) are set to
 * one fill value on both sides, so they neither help nor hurt.
 */
public final class RegionComparison {
  /** Smallest compared region side, in picture pixels. */
  public static final int MIN_SIDE = 24;

  /** Smallest share of the compared region that the query must cover. */
  public static final double MIN_COVERAGE = 0.6;

  private final PdqHasher hasher = new PdqHasher();
  // A query is compared with several candidates in a row: its integral image is kept for them.
  private LumaImage integralOf;
  private double[] integral;

  /**
   * What the comparison found.
   *
   * @param distance PDQ distance between the two aligned regions
   * @param quality the lower PDQ quality of the two regions
   * @param region the compared region in fractions of the indexed picture
   */
  public record Result(int distance, int quality, Rectangle2D region) {}

  /**
   * Compares {@code query} (its keypoint frame) with {@code picture} (the indexed image at any
   * size, spanning its keypoint frame of {@code frameWidth × frameHeight}) through {@code
   * queryToFrame}; null when the overlap is too small or too little covered.
   */
  public Result compare(
      LumaImage query,
      LumaImage picture,
      int frameWidth,
      int frameHeight,
      Similarity queryToFrame) {
    int pw = picture.width();
    int ph = picture.height();
    double sx = (double) pw / frameWidth;
    double sy = (double) ph / frameHeight;
    // Footprint of the query's corners in picture pixels (pixel centres at integers in both
    // frames).
    double minU = Double.MAX_VALUE;
    double minV = Double.MAX_VALUE;
    double maxU = -Double.MAX_VALUE;
    double maxV = -Double.MAX_VALUE;
    double[][] corners = {
      {-0.5, -0.5},
      {query.width() - 0.5, -0.5},
      {-0.5, query.height() - 0.5},
      {query.width() - 0.5, query.height() - 0.5}
    };
    for (double[] c : corners) {
      double fx = queryToFrame.mapX(c[0], c[1]);
      double fy = queryToFrame.mapY(c[0], c[1]);
      double u = (fx + 0.5) * sx - 0.5;
      double v = (fy + 0.5) * sy - 0.5;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    int u0 = Math.max(0, (int) Math.ceil(minU));
    int v0 = Math.max(0, (int) Math.ceil(minV));
    int u1 = Math.min(pw - 1, (int) Math.floor(maxU));
    int v1 = Math.min(ph - 1, (int) Math.floor(maxV));
    int w = u1 - u0 + 1;
    int h = v1 - v0 + 1;
    if (w < MIN_SIDE || h < MIN_SIDE) {
      return null;
    }
    // picture pixel (u, v) → frame (fx, fy) → query (qx, qy)
    Similarity frameToQuery = queryToFrame.inverse();
    double qScale = 1.0 / (queryToFrame.scale() * Math.sqrt(sx * sy));
    // Average over the query pixels one picture pixel spans, so a larger query does not alias.
    int half = (int) Math.max(0, Math.floor(qScale / 2));
    if (integralOf != query) {
      integral = integral(query);
      integralOf = query;
    }
    int qw = query.width();
    int qh = query.height();
    float[] pic = picture.luma();
    float[] a = new float[w * h];
    float[] b = new float[w * h];
    boolean[] covered = new boolean[w * h];
    int coveredCount = 0;
    double coveredSum = 0;
    // The frame coordinates of each picture column, computed once, not per pixel (same values).
    double[] columnFx = new double[w];
    for (int i = 0; i < w; i++) {
      columnFx[i] = (u0 + i + 0.5) / sx - 0.5;
    }
    for (int j = 0; j < h; j++) {
      double fy = (v0 + j + 0.5) / sy - 0.5;
      for (int i = 0; i < w; i++) {
        double fx = columnFx[i];
        double qx = frameToQuery.mapX(fx, fy);
        double qy = frameToQuery.mapY(fx, fy);
        int k = j * w + i;
        if (qx < -0.5 || qy < -0.5 || qx > qw - 0.5 || qy > qh - 0.5) {
          continue;
        }
        int cx = (int) Math.round(qx);
        int cy = (int) Math.round(qy);
        b[k] = box(integral, qw, qh, cx - half, cy - half, cx + half, cy + half);
        a[k] = pic[(v0 + j) * pw + u0 + i];
        covered[k] = true;
        coveredCount++;
        coveredSum += a[k];
      }
    }
    if (coveredCount < MIN_COVERAGE * w * h) {
      return null;
    }
    float fill = (float) (coveredSum / coveredCount);
    for (int k = 0; k < a.length; k++) {
      if (!covered[k]) {
        a[k] = fill;
        b[k] = fill;
      }
    }
    // A watermark laid over the copy: the picture shows through it, so it can be taken out.
    TranslucentOverlay.remove(a, b, covered);
    PdqHash ha = hasher.hash(new LumaImage(a, w, h));
    PdqHash hb = hasher.hash(new LumaImage(b, w, h));
    Rectangle2D region =
        new Rectangle2D.Double(
            (double) u0 / pw, (double) v0 / ph, (double) w / pw, (double) h / ph);
    return new Result(ha.hash().distance(hb.hash()), Math.min(ha.quality(), hb.quality()), region);
  }

  private static double[] integral(LumaImage img) {
    int w = img.width();
    int h = img.height();
    float[] src = img.luma();
    double[] s = new double[(w + 1) * (h + 1)];
    for (int y = 0; y < h; y++) {
      double row = 0;
      for (int x = 0; x < w; x++) {
        row += src[y * w + x];
        s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
      }
    }
    return s;
  }

  private static float box(double[] s, int w, int h, int x0, int y0, int x1, int y1) {
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    x1 = Math.min(w - 1, x1);
    y1 = Math.min(h - 1, y1);
    int stride = w + 1;
    double sum =
        s[(y1 + 1) * stride + x1 + 1]
            - s[y0 * stride + x1 + 1]
            - s[(y1 + 1) * stride + x0]
            + s[y0 * stride + x0];
    return (float) (sum / ((x1 - x0 + 1) * (y1 - y0 + 1)));
  }
}
