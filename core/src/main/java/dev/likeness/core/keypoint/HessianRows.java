package dev.likeness.core.keypoint;

import boofcv.struct.image.GrayF32;
import dev.likeness.core.hash.VectorModule;

/**
 * The determinant of the Hessian of one scale where its whole kernel fits, row by row, with
 * BoofCV's arithmetic in BoofCV's order, so the floats are BoofCV's. It is most of the detector's
 * work. With the JDK's vector module ({@code --add-modules jdk.incubator.vector}, which the
 * launcher passes) a row is computed 16 pixels at a time, about 4.6 times faster; the JIT does not
 * vectorize this loop itself (its reads are at offsets it cannot align). Without the module, or
 * with {@code -Dlikeness.vector=false}, one pixel at a time.
 */
final class HessianRows {
  /** Whether rows are computed with the vector module. */
  static final boolean VECTORIZED = VectorModule.ENABLED;

  // One row at every pixel, for the scales sampled sparser. Not thread-safe: one per detector.
  private float[] sampled = new float[0];

  /**
   * Fills {@code out}, the scale sampled every {@code skip} pixels, wherever BoofCV's inner loop
   * does (at every pixel: from {@code kernel.border} in; sampled: see {@link #sampledBorder}), on
   * vectors if {@code vectorized} (which needs the module).
   */
  void compute(GrayF32 integral, HessianKernel kernel, int skip, GrayF32 out, boolean vectorized) {
    float[] d = integral.data;
    if (skip == 1) {
      int border = kernel.border;
      for (int y = border; y < out.height - border; y++) {
        row(
            d,
            kernel,
            y,
            border,
            out.width - 2 * border,
            out.data,
            out.startIndex + y * out.stride + border,
            vectorized);
      }
      return;
    }
    // Every pixel of the sampled rows, then every skip-th: the vector loop does the extra
    // pixels faster than the scalar loop skips them, at a skip of 2.
    int border = sampledBorder(kernel.size, skip);
    int count = out.width - 2 * border;
    if (count <= 0) {
      return;
    }
    int span = (count - 1) * skip + 1;
    if (sampled.length < span) {
      sampled = new float[span];
    }
    for (int y = border; y < out.height - border; y++) {
      row(d, kernel, y * skip, border * skip, span, sampled, 0, vectorized);
      int dst = out.startIndex + y * out.stride + border;
      for (int i = 0; i < count; i++) {
        out.data[dst + i] = sampled[i * skip];
      }
    }
  }

  /**
   * BoofCV's inner border, in sampled pixels, for a {@code size} kernel sampled every {@code skip}
   * (at every pixel, {@link HessianKernel#border}).
   */
  static int sampledBorder(int size, int skip) {
    int radius = size / 2;
    return (radius + 1 + (skip - (radius + 1) % skip)) / skip;
  }

  /**
   * {@code n} values of integral row {@code y} from column {@code x0} on, into {@code o} from
   * {@code dst}.
   */
  private static void row(
      float[] d, HessianKernel k, int y, int x0, int n, float[] o, int dst, boolean vectorized) {
    k.at(y);
    int done = vectorized && n > 0 ? HessianVectors.row(d, k, x0, n, o, dst) : 0;
    int bs = k.small;
    int x3 = bs + 1;
    int x4 = x3 + bs;
    int row1 = k.lobeRows;
    float norm = k.norm;
    int shift = dst - x0;
    for (int x = x0 + done; x < x0 + n; x++) {
      int t = x + k.top;
      int b = x + k.bottom;
      int l = x + k.left;
      int r = x + k.right;
      float dxx = d[b + 3 * bs] - d[t + 3 * bs] - d[b] + d[t];
      dxx -= 3 * (d[b + 2 * bs] - d[t + 2 * bs] - d[b + bs] + d[t + bs]);
      float dyy = d[r + 3 * row1] - d[l + 3 * row1] - d[r] + d[l];
      dyy -= 3 * (d[r + 2 * row1] - d[l + 2 * row1] - d[r + row1] + d[l + row1]);
      int y1 = x + k.xy1;
      int y2 = x + k.xy2;
      int y3 = x + k.xy3;
      int y4 = x + k.xy4;
      float dxy = d[y2 + bs] - d[y1 + bs] - d[y2] + d[y1];
      dxy -= d[y2 + x4] - d[y1 + x4] - d[y2 + x3] + d[y1 + x3];
      dxy += d[y4 + x4] - d[y3 + x4] - d[y4 + x3] + d[y3 + x3];
      dxy -= d[y4 + bs] - d[y3 + bs] - d[y4] + d[y3];
      dxx *= norm;
      dxy *= norm;
      dyy *= norm;
      o[shift + x] = dxx * dyy - 0.81f * dxy * dxy;
    }
  }
}
