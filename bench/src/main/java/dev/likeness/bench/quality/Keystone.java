package dev.likeness.bench.quality;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A print or a screen photographed at an angle: the picture's rectangle becomes a trapezoid whose
 * near edge is {@code keystone} longer than its far edge, inside a slightly larger frame of
 * background (the table or the wall around it). A projective warp, sampled bilinearly.
 *
 * @param keystone how much shorter the far edge is than the near one, e.g. 0.08–0.12
 * @param far the edge that is farther from the camera
 * @param background the colour around the picture
 */
record Keystone(double keystone, Transform.Side far, Color background) {
  private static final Color[] BACKGROUNDS = {
    new Color(0x3A3A3C), new Color(0x8B7355), new Color(0xD8D4CC), new Color(0x1B1B1B)
  };

  /** Margin of background around the picture's widest extent, as a share of each side. */
  private static final double MARGIN = 0.05;

  /** A keystone of 8–12 %, its far edge and background drawn from the bits of {@code choice}. */
  static Keystone of(long choice) {
    long c = choice;
    double keystone = 0.08 + 0.01 * Math.floorMod(c, 5L); // 8, 9, 10, 11 or 12 %
    c >>>= 8;
    Transform.Side far = Transform.Side.values()[(int) Math.floorMod(c, 4L)];
    c >>>= 8;
    Color background = BACKGROUNDS[(int) Math.floorMod(c, (long) BACKGROUNDS.length)];
    return new Keystone(keystone, far, background);
  }

  /** The photographed copy of {@code src}, the size of {@code src} plus the margin. */
  BufferedImage drawOn(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    int mx = (int) Math.round(w * MARGIN);
    int my = (int) Math.round(h * MARGIN);
    int outW = w + 2 * mx;
    int outH = h + 2 * my;
    // Corners of the picture in the output: top-left, top-right, bottom-right, bottom-left. The
    // far edge is shortened by the keystone about its middle, and pulled in a little
    // (foreshortening).
    double[] qx = {mx, mx + w, mx + w, mx};
    double[] qy = {my, my, my + h, my + h};
    double inset = keystone / 2;
    double depth = keystone / 3;
    switch (far) {
      case TOP -> {
        qx[0] += w * inset;
        qx[1] -= w * inset;
        qy[0] += h * depth;
        qy[1] += h * depth;
      }
      case BOTTOM -> {
        qx[3] += w * inset;
        qx[2] -= w * inset;
        qy[3] -= h * depth;
        qy[2] -= h * depth;
      }
      case LEFT -> {
        qy[0] += h * inset;
        qy[3] -= h * inset;
        qx[0] += w * depth;
        qx[3] += w * depth;
      }
      case RIGHT -> {
        qy[1] += h * inset;
        qy[2] -= h * inset;
        qx[1] -= w * depth;
        qx[2] -= w * depth;
      }
    }
    // The inverse map, output → source, so every output pixel is sampled once.
    double[] inv = homography(qx, qy, new double[] {0, w, w, 0}, new double[] {0, 0, h, h});
    int[] in = src.getRGB(0, 0, w, h, null, 0, w);
    int[] out = new int[outW * outH];
    int bg = background.getRGB() & 0xFFFFFF;
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        double px = x + 0.5;
        double py = y + 0.5;
        double d = inv[6] * px + inv[7] * py + 1;
        double sx = (inv[0] * px + inv[1] * py + inv[2]) / d - 0.5;
        double sy = (inv[3] * px + inv[4] * py + inv[5]) / d - 0.5;
        out[y * outW + x] = sample(in, w, h, sx, sy, bg);
      }
    }
    BufferedImage result = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    result.setRGB(0, 0, outW, outH, out, 0, outW);
    return result;
  }

  /** Bilinear sample at {@code (sx, sy)}, the background outside the picture. */
  private static int sample(int[] in, int w, int h, double sx, double sy, int bg) {
    if (sx < -0.5 || sy < -0.5 || sx > w - 0.5 || sy > h - 0.5) {
      return bg;
    }
    double cx = Math.max(0, Math.min(w - 1, sx));
    double cy = Math.max(0, Math.min(h - 1, sy));
    int x0 = (int) cx;
    int y0 = (int) cy;
    int x1 = Math.min(w - 1, x0 + 1);
    int y1 = Math.min(h - 1, y0 + 1);
    double fx = cx - x0;
    double fy = cy - y0;
    int p00 = in[y0 * w + x0];
    int p10 = in[y0 * w + x1];
    int p01 = in[y1 * w + x0];
    int p11 = in[y1 * w + x1];
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double top = ((p00 >> shift) & 0xFF) * (1 - fx) + ((p10 >> shift) & 0xFF) * fx;
      double bottom = ((p01 >> shift) & 0xFF) * (1 - fx) + ((p11 >> shift) & 0xFF) * fx;
      int v = (int) Math.round(top * (1 - fy) + bottom * fy);
      rgb |= Math.max(0, Math.min(255, v)) << shift;
    }
    return rgb;
  }

  /**
   * The homography {@code (x, y) → (u, v)} through four point pairs, as {h11 … h32} with h33 = 1.
   */
  static double[] homography(double[] x, double[] y, double[] u, double[] v) {
    DMatrixRMaj a = new DMatrixRMaj(8, 8);
    DMatrixRMaj b = new DMatrixRMaj(8, 1);
    for (int i = 0; i < 4; i++) {
      double[] ru = {x[i], y[i], 1, 0, 0, 0, -x[i] * u[i], -y[i] * u[i]};
      double[] rv = {0, 0, 0, x[i], y[i], 1, -x[i] * v[i], -y[i] * v[i]};
      for (int c = 0; c < 8; c++) {
        a.set(2 * i, c, ru[c]);
        a.set(2 * i + 1, c, rv[c]);
      }
      b.set(2 * i, 0, u[i]);
      b.set(2 * i + 1, 0, v[i]);
    }
    DMatrixRMaj h = new DMatrixRMaj(8, 1);
    if (!CommonOps_DDRM.solve(a, b, h)) {
      throw new IllegalStateException("degenerate quadrilateral");
    }
    return h.data.clone();
  }
}
