package dev.likeness.core.match;

import dev.likeness.core.hash.LumaImage;
import java.util.Arrays;

/**
 * The check behind a match of a flat, low-texture picture (a planet on white, a sky, a gradient, a
 * product shot): its hashes and keypoints are decided by a few smooth shapes, so two different flat
 * pictures can sit a few bits apart on every path. Such a match is trusted only when the two
 * pictures' pixels agree, compared on a coarse grid with brightness and contrast normalised away.
 *
 * <p>Texture is the share of cells of a 16 × 16 grid, over the picture scaled to {@link #GRID} ×
 * {@link #GRID}, holding some curvature (an absolute Laplacian of at least {@link #CURVATURE}
 * levels): edges and detail, not smooth shading, a gradient or JPEG q20's blocks. The generated
 * flat pictures ({@code FlatPictures} in the harness) have 22 % or less, 23 % as JPEG q20; of every
 * other photograph of the quality set, 97 % have 22 % or more (the rest are flat wallpapers and a
 * few smooth deep-sky pictures, which then are found as whole copies only).
 */
final class LowTextureCheck {
  /** Side of the grid the texture is measured on. */
  static final int GRID = 128;

  /** Laplacian, in luma levels (0–255), from which a cell counts as textured. */
  static final double CURVATURE = 12;

  /** Share of textured cells (percent) under which a picture is flat. */
  static final int FLAT_TEXTURE = 25;

  /** Side of the grid the pixels are compared on. */
  static final int COMPARE = 32;

  /**
   * The difference of the normalised pixels (in standard deviations) that a twentieth of the cells
   * may exceed in a copy: on the generated flat pictures, a re-encode, resize, blur or turn stays
   * under 0.2 and JPEG q20 under 0.41, two different planets or products sit at 0.48 or more.
   */
  static final double MAX_RESIDUAL = 0.42;

  /**
   * Added to the score of a flat picture's match whose pixels do not agree: one more than the
   * default threshold, so that such a match never passes it (two different flat pictures met 4–22
   * apart on the quality set, on every path).
   */
  static final int PENALTY = ImageMatcher.DEFAULT_THRESHOLD + 1;

  private LowTextureCheck() {}

  /** The share of textured cells of {@code picture}, in percent. */
  static int texture(LumaImage picture) {
    double[] g = grid(picture, GRID);
    int cell = GRID / 16;
    int textured = 0;
    for (int cy = 0; cy < 16; cy++) {
      for (int cx = 0; cx < 16; cx++) {
        if (curved(g, cx * cell, cy * cell, cell)) {
          textured++;
        }
      }
    }
    return (int) Math.round(100.0 * textured / 256);
  }

  private static boolean curved(double[] g, int x0, int y0, int cell) {
    for (int y = Math.max(1, y0); y < Math.min(GRID - 1, y0 + cell); y++) {
      for (int x = Math.max(1, x0); x < Math.min(GRID - 1, x0 + cell); x++) {
        int k = y * GRID + x;
        double laplacian = 4 * g[k] - g[k - 1] - g[k + 1] - g[k - GRID] - g[k + GRID];
        if (Math.abs(laplacian) >= CURVATURE) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code texture} (from {@link #texture}) is that of a flat picture. */
  static boolean flat(int texture) {
    return texture < FLAT_TEXTURE;
  }

  /**
   * Whether {@code query} is {@code reference} in one of the eight dihedral forms, to within a
   * re-encode: both scaled to a square grid (so a quarter turn lines up too), normalised, compared.
   */
  static boolean samePicture(LumaImage query, LumaImage reference) {
    return pictureResidual(query, reference) <= MAX_RESIDUAL;
  }

  /** The residual of {@link #samePicture}: the lowest over the eight forms. */
  static double pictureResidual(LumaImage query, LumaImage reference) {
    double[] q = normalised(grid(query, COMPARE));
    double[] r = normalised(grid(reference, COMPARE));
    double best = Double.MAX_VALUE;
    for (int form = 0; form < 8; form++) {
      best = Math.min(best, residual(q, r, form));
    }
    return best;
  }

  /**
   * How far {@code q} in dihedral {@code form} (any fixed order) is from {@code r}: the difference
   * that only a twentieth of the cells exceed, since a flat picture's content (a disc, a bottle)
   * may fill little of the frame while a re-encode's noise is spread thin over all of it.
   */
  static double residual(double[] q, double[] r, int form) {
    int n = COMPARE;
    double[] d = new double[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int u = (form & 1) == 0 ? x : n - 1 - x;
        int v = (form & 2) == 0 ? y : n - 1 - y;
        int k = (form & 4) == 0 ? v * n + u : u * n + v;
        d[y * n + x] = Math.abs(q[k] - r[y * n + x]);
      }
    }
    Arrays.sort(d);
    return d[(int) (d.length * 0.95)];
  }

  /** {@code picture} box-averaged onto a {@code side} × {@code side} grid. */
  private static double[] grid(LumaImage picture, int side) {
    int w = picture.width();
    int h = picture.height();
    float[] luma = picture.luma();
    double[] sum = new double[side * side];
    int[] count = new int[side * side];
    for (int y = 0; y < h; y++) {
      int row = (int) ((long) y * side / h) * side;
      for (int x = 0; x < w; x++) {
        int k = row + (int) ((long) x * side / w);
        sum[k] += luma[y * w + x];
        count[k]++;
      }
    }
    for (int k = 0; k < sum.length; k++) {
      // A picture smaller than the grid leaves cells empty: they take their left neighbour.
      sum[k] = count[k] > 0 ? sum[k] / count[k] : k > 0 ? sum[k - 1] : 0;
    }
    return sum;
  }

  /** Zero mean, unit deviation; a plain picture keeps a floor of one level, not noise blown up. */
  private static double[] normalised(double[] g) {
    double mean = 0;
    for (double v : g) {
      mean += v;
    }
    mean /= g.length;
    double var = 0;
    for (double v : g) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.max(1, Math.sqrt(var / g.length));
    double[] out = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      out[i] = (g[i] - mean) / sd;
    }
    return out;
  }
}
