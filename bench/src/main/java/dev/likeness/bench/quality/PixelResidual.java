package dev.likeness.bench.quality;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * How much two pictures of the same geometry differ pixel by pixel, as a test of whether they are
 * the same picture: both are scaled to {@value #SIDE}×{@value #SIDE} grey by area averaging,
 * normalised to zero mean and unit deviation (so brightness, contrast and greyscale edits cancel),
 * and the mean absolute difference is taken per 8×8 block. A re-encoded copy differs a little
 * everywhere; a different moment of a scene differs a lot somewhere.
 */
final class PixelResidual {
  static final int SIDE = 128;
  private static final int BLOCK = 8;

  private PixelResidual() {}

  /**
   * Block residuals of {@code a} against {@code b}, ascending, in units of each picture's
   * deviation.
   */
  static float[] blocks(BufferedImage a, BufferedImage b) {
    float[] x = normalisedGrey(a);
    float[] y = normalisedGrey(b);
    int n = SIDE / BLOCK;
    float[] out = new float[n * n];
    for (int by = 0; by < n; by++) {
      for (int bx = 0; bx < n; bx++) {
        double sum = 0;
        for (int yy = 0; yy < BLOCK; yy++) {
          int row = (by * BLOCK + yy) * SIDE + bx * BLOCK;
          for (int xx = 0; xx < BLOCK; xx++) {
            sum += Math.abs(x[row + xx] - y[row + xx]);
          }
        }
        out[by * n + bx] = (float) (sum / (BLOCK * BLOCK));
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** The {@code q} quantile (0–1) of ascending values. */
  static float quantile(float[] ascending, double q) {
    return ascending[Math.min(ascending.length - 1, (int) (q * ascending.length))];
  }

  private static float[] normalisedGrey(BufferedImage image) {
    BufferedImage small = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    try {
      g.drawImage(image.getScaledInstance(SIDE, SIDE, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    } finally {
      g.dispose();
    }
    int[] rgb = small.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE);
    float[] v = new float[rgb.length];
    double mean = 0;
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      v[i] = 0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
      mean += v[i];
    }
    mean /= v.length;
    double var = 0;
    for (float f : v) {
      var += (f - mean) * (f - mean);
    }
    double sd = Math.sqrt(var / v.length) + 1e-6; // a flat picture stays flat, not NaN
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((v[i] - mean) / sd);
    }
    return v;
  }
}
