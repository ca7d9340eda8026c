package dev.likeness.core.hash;

/**
 * PDQ's downsampling: two X-then-Y passes of 1-D box filters (Jarosz, "Fast Image Convolutions",
 * which together approximate a tent filter), then sampling 64×64 pixel centres.
 *
 * <p>The four passes are streamed over the rows so that no full-size buffer is needed: the first
 * row pass feeds a ring of recent rows, the first column pass keeps one running sum per column, and
 * the second pair of passes only has to produce the 64 sampled columns and rows. The arithmetic
 * (float running sums, additions before subtractions, division by the current window length) is the
 * reference's, so identical luminance gives identical output.
 */
final class JaroszFilter {
  static final int OUT = 64;

  // Each pass spans 1/128 of the dimension, so the two passes together cover one 1/64 cell.
  private static final int WINDOW_DIVISOR = 128;

  private JaroszFilter() {}

  /** Window length of one box pass along a dimension of {@code dimension} pixels (rounded up). */
  static int windowSize(int dimension) {
    return (dimension + WINDOW_DIVISOR - 1) / WINDOW_DIVISOR;
  }

  /** Index of the input pixel sampled for output cell {@code i} of 64 (the cell's centre). */
  static int sampleIndex(int i, int dimension) {
    return (int) (((i + 0.5) * dimension) / OUT);
  }

  /** Blurs and decimates to 64×64, row-major. */
  static float[] downsample(LumaRows rows) {
    int w = rows.width();
    int h = rows.height();
    Window across = new Window(windowSize(w));
    Window down = new Window(windowSize(h));

    float[] luma = new float[w];
    // Ring of row-blurred rows: the column pass subtracts a row `down.full` rows after adding it.
    int ringSize = down.full + 1;
    float[][] ring = new float[ringSize][w];
    float[] columnSums = new float[w];
    float[] blurredRow = new float[w];
    float[] secondPassRow = new float[w];
    int[] sampledColumns = samples(w);
    // Output of the first three passes at the 64 sampled columns, one row per input row.
    float[] narrow = new float[h * OUT];

    int count = 0;
    for (int y = 0; y < h + down.lead; y++) {
      if (y < h) {
        rows.read(y, luma);
        box(luma, 0, 1, ring[y % ringSize], 0, 1, w, across);
        add(columnSums, ring[y % ringSize]);
        count++;
      }
      int out = y - down.lead;
      if (out < 0) {
        continue;
      }
      int leaving = out - down.lag - 1;
      if (leaving >= 0) {
        subtract(columnSums, ring[leaving % ringSize]);
        count--;
      }
      for (int x = 0; x < w; x++) {
        blurredRow[x] = columnSums[x] / count;
      }
      box(blurredRow, 0, 1, secondPassRow, 0, 1, w, across);
      for (int j = 0; j < OUT; j++) {
        narrow[out * OUT + j] = secondPassRow[sampledColumns[j]];
      }
    }

    float[] column = new float[h];
    int[] sampledRows = samples(h);
    float[] result = new float[OUT * OUT];
    for (int j = 0; j < OUT; j++) {
      box(narrow, j, OUT, column, 0, 1, h, down);
      for (int i = 0; i < OUT; i++) {
        result[i * OUT + j] = column[sampledRows[i]];
      }
    }
    return result;
  }

  private static int[] samples(int dimension) {
    int[] idx = new int[OUT];
    for (int i = 0; i < OUT; i++) {
      idx[i] = sampleIndex(i, dimension);
    }
    return idx;
  }

  private static void add(float[] sums, float[] row) {
    for (int x = 0; x < sums.length; x++) {
      sums[x] += row[x];
    }
  }

  private static void subtract(float[] sums, float[] row) {
    for (int x = 0; x < sums.length; x++) {
      sums[x] -= row[x];
    }
  }

  /**
   * One box pass over {@code n} strided values: output {@code o} is the mean of inputs {@code
   * o - lag .. o + lead}, clipped to the vector (so edges average fewer values).
   */
  static void box(
      float[] in, int inStart, int inStride, float[] out, int outStart, int outStride, int n,
      Window window) {
    float sum = 0f;
    int count = 0;
    int r = inStart; // next input to add
    int l = inStart; // next input to subtract
    int o = outStart;
    for (int k = 0; k < window.lead; k++, r += inStride) {
      sum += in[r];
      count++;
    }
    // Three branch-free phases (growing, full, shrinking window) so that the hot middle loop is
    // tight; the order of operations is the same as one loop with bounds checks.
    int growing = Math.min(n, window.lag + 1);
    for (int k = 0; k < growing; k++, r += inStride, o += outStride) {
      sum += in[r];
      count++;
      out[o] = sum / count;
    }
    int full = Math.max(0, n - window.lead - growing);
    for (int k = 0; k < full; k++, r += inStride, l += inStride, o += outStride) {
      sum += in[r];
      sum -= in[l];
      out[o] = sum / count;
    }
    for (int k = growing + full; k < n; k++, l += inStride, o += outStride) {
      sum -= in[l];
      count--;
      out[o] = sum / count;
    }
  }

  /** A box window of {@code full} taps: {@code lag} before the centre, {@code lead} after it. */
  static final class Window {
    final int full;
    final int lead;
    final int lag;

    Window(int full) {
      // The reference centres even windows one tap to the right: 7 -> 3+1+3, 8 -> 3+1+4.
      int half = (full + 2) / 2;
      this.full = full;
      this.lead = half - 1;
      this.lag = full - half;
    }
  }
}
