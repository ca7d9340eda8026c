package dev.likeness.core.keypoint;

import boofcv.struct.image.GrayF32;
import dev.likeness.core.hash.PackedLuma;
import java.util.Arrays;

/**
 * PDQ-weighted luminance of packed RGB pixels, scaled down by area averaging in one pass over the
 * input: each input pixel adds its luma, weighted by how much of it falls in each output cell, to
 * at most two output columns of at most two output rows. No full-size buffer is made, which is what
 * the keypoint frame of a multi-megapixel image costs otherwise.
 */
final class AreaLuma {
  private AreaLuma() {}

  /**
   * Fills {@code out} (already shaped, at most the input size on each axis) with the area average
   * of the {@code w × h} pixels at {@code px[origin + y * stride + x]}.
   */
  static void downsample(int[] px, int origin, int stride, int w, int h, GrayF32 out) {
    int ow = out.width;
    int oh = out.height;
    if (ow > w || oh > h) {
      throw new IllegalArgumentException("cannot enlarge " + w + "x" + h + " to " + ow + "x" + oh);
    }
    Spans across = new Spans(w, ow);
    Spans down = new Spans(h, oh);
    float[] row = new float[ow];
    float[] acc = new float[ow * oh];
    float[] lumaRow = new float[w];
    for (int y = 0; y < h; y++) {
      Arrays.fill(row, 0f);
      PackedLuma.row(px, origin + y * stride, w, 16, 8, 0, lumaRow);
      for (int x = 0; x < w; x++) {
        float luma = lumaRow[x];
        int o = across.cell[x];
        float first = across.weight[x];
        row[o] += first * luma;
        if (first < 1f) {
          row[o + 1] += (1f - first) * luma;
        }
      }
      int o = down.cell[y];
      float first = down.weight[y];
      addScaled(row, acc, o * ow, first);
      if (first < 1f) {
        addScaled(row, acc, (o + 1) * ow, 1f - first);
      }
    }
    float norm = (float) ((double) ow * oh / ((double) w * h));
    for (int y = 0; y < oh; y++) {
      int dst = out.startIndex + y * out.stride;
      for (int x = 0; x < ow; x++) {
        out.data[dst + x] = acc[y * ow + x] * norm;
      }
    }
  }

  private static void addScaled(float[] row, float[] acc, int offset, float weight) {
    for (int x = 0; x < row.length; x++) {
      acc[offset + x] += weight * row[x];
    }
  }

  /**
   * Where each input pixel of one axis falls: output cell {@code cell[i]} gets {@code weight[i]} of
   * it and, when that is under 1, cell {@code cell[i] + 1} the rest.
   */
  private static final class Spans {
    final int[] cell;
    final float[] weight;

    Spans(int in, int out) {
      cell = new int[in];
      weight = new float[in];
      double ratio = (double) in / out; // input pixels per output cell, ≥ 1
      for (int i = 0; i < in; i++) {
        int c = Math.min(out - 1, (int) (i / ratio));
        double boundary = (c + 1) * ratio; // where cell c ends, in input coordinates
        double inside = Math.min(1.0, boundary - i);
        cell[i] = c;
        // The last cell takes the remainder of the last pixel (rounding at the far edge).
        weight[i] = c == out - 1 ? 1f : (float) inside;
      }
    }
  }
}
