package dev.likeness.core.hash;

/**
 * PDQ's downsampling: two X-then-Y passes of 1-D box filters (Jarosz, "Fast Image Convolutions",
 * which together approximate a tent filter), then sampling 64×64 pixel centres.
 *
 * <p>The four passes are streamed over the rows so that no full-size buffer is needed: the first
 * row pass feeds a ring of recent rows, the first column pass keeps one running sum per column, and
 * the second pair of passes only has to produce the 64 sampled columns and rows (the second row
 * pass still runs its sums along whole rows, but divides only where it samples). The arithmetic
 * (float running sums, additions before subtractions, division by the current window length) is the
 * reference's, so identical luminance gives identical output.
 */
final class JaroszFilter {
  static final int OUT = 64;

  // Each pass spans 1/128 of the dimension, so the two passes together cover one 1/64 cell.
  private static final int WINDOW_DIVISOR = 128;
  // Rows filtered together by boxRows.
  private static final int BATCH = 4;

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

    // Ring of row-blurred rows: the column pass subtracts a row `down.full` rows after adding it,
    // and rows are blurred up to BATCH - 1 ahead of the one being added.
    int ringSize = down.full + BATCH;
    float[][] ring = new float[ringSize][w];
    float[][] luma = new float[BATCH][w];
    float[] columnSums = new float[w];
    float[][] blurred = new float[BATCH][w];
    float[][] targets = new float[BATCH][]; // the ring rows a batch of blurred rows goes to
    int[] sampledColumns = samples(w);
    // Output of the first three passes at the 64 sampled columns, one row per input row.
    float[] narrow = new float[h * OUT];

    int count = 0;
    int rowsBlurred = 0;
    int pending = 0; // outputs whose column-blurred row waits in `blurred` for the second row pass
    int firstPending = 0;
    for (int y = 0; y < h + down.lead; y++) {
      if (y < h) {
        if (y == rowsBlurred) {
          int n = Math.min(BATCH, h - y);
          for (int k = 0; k < n; k++) {
            rows.read(y + k, luma[k]);
            targets[k] = ring[(y + k) % ringSize];
          }
          boxRows(luma, targets, n, w, across);
          rowsBlurred += n;
        }
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
      if (pending == 0) {
        firstPending = out;
      }
      float[] row = blurred[pending++];
      for (int x = 0; x < w; x++) {
        row[x] = columnSums[x] / count;
      }
      if (pending == BATCH || out == h - 1) {
        boxRowsSampled(blurred, pending, w, across, sampledColumns, narrow, firstPending * OUT);
        pending = 0;
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

  /**
   * {@link #box} over the first {@code rows} of {@code in} into {@code out}, four rows at a time: a
   * running sum is one long chain of dependent additions, and four independent chains keep the core
   * busy while each waits. Each row's arithmetic is exactly {@code box}'s.
   */
  static void boxRows(float[][] in, float[][] out, int rows, int n, Window window) {
    if (rows < BATCH) {
      for (int k = 0; k < rows; k++) {
        box(in[k], 0, 1, out[k], 0, 1, n, window);
      }
      return;
    }
    float[] a = in[0];
    float[] b = in[1];
    float[] c = in[2];
    float[] d = in[3];
    float[] oa = out[0];
    float[] ob = out[1];
    float[] oc = out[2];
    float[] od = out[3];
    float sa = 0f;
    float sb = 0f;
    float sc = 0f;
    float sd = 0f;
    int count = 0;
    int r = 0;
    int l = 0;
    int o = 0;
    for (int k = 0; k < window.lead; k++, r++) {
      sa += a[r];
      sb += b[r];
      sc += c[r];
      sd += d[r];
      count++;
    }
    int growing = Math.min(n, window.lag + 1);
    for (int k = 0; k < growing; k++, r++, o++) {
      sa += a[r];
      sb += b[r];
      sc += c[r];
      sd += d[r];
      count++;
      oa[o] = sa / count;
      ob[o] = sb / count;
      oc[o] = sc / count;
      od[o] = sd / count;
    }
    int full = Math.max(0, n - window.lead - growing);
    for (int k = 0; k < full; k++, r++, l++, o++) {
      sa += a[r];
      sa -= a[l];
      sb += b[r];
      sb -= b[l];
      sc += c[r];
      sc -= c[l];
      sd += d[r];
      sd -= d[l];
      oa[o] = sa / count;
      ob[o] = sb / count;
      oc[o] = sc / count;
      od[o] = sd / count;
    }
    for (int k = growing + full; k < n; k++, l++, o++) {
      sa -= a[l];
      sb -= b[l];
      sc -= c[l];
      sd -= d[l];
      count--;
      oa[o] = sa / count;
      ob[o] = sb / count;
      oc[o] = sc / count;
      od[o] = sd / count;
    }
  }

  /**
   * The second row pass: {@link #box} over the first {@code rows} of {@code in}, but divided and
   * stored only at the {@code sampled} columns, row {@code k} at {@code out[outStart + k * OUT
   * ..]}. The running sums see the same additions in the same order as {@code box}, so the sampled
   * values are bit-identical; skipping the other divisions is what saves the time.
   */
  static void boxRowsSampled(
      float[][] in, int rows, int n, Window window, int[] sampled, float[] out, int outStart) {
    if (rows < BATCH) {
      for (int k = 0; k < rows; k++) {
        boxSampled(in[k], n, window, sampled, out, outStart + k * OUT);
      }
      return;
    }
    float[] a = in[0];
    float[] b = in[1];
    float[] c = in[2];
    float[] d = in[3];
    int oa = outStart;
    int ob = outStart + OUT;
    int oc = outStart + 2 * OUT;
    int od = outStart + 3 * OUT;
    float sa = 0f;
    float sb = 0f;
    float sc = 0f;
    float sd = 0f;
    int count = 0;
    int r = 0;
    int l = 0;
    for (int k = 0; k < window.lead; k++, r++) {
      sa += a[r];
      sb += b[r];
      sc += c[r];
      sd += d[r];
      count++;
    }
    int growing = Math.min(n, window.lag + 1);
    int full = Math.max(0, n - window.lead - growing);
    // Output o is final after step o; j walks the sampled columns (ascending, possibly repeated).
    int j = 0;
    for (int o = 0; o < n; o++) {
      if (o < growing) {
        sa += a[r];
        sb += b[r];
        sc += c[r];
        sd += d[r];
        r++;
        count++;
      } else if (o < growing + full) {
        sa += a[r];
        sa -= a[l];
        sb += b[r];
        sb -= b[l];
        sc += c[r];
        sc -= c[l];
        sd += d[r];
        sd -= d[l];
        r++;
        l++;
      } else {
        sa -= a[l];
        sb -= b[l];
        sc -= c[l];
        sd -= d[l];
        l++;
        count--;
      }
      while (j < OUT && sampled[j] == o) {
        out[oa + j] = sa / count;
        out[ob + j] = sb / count;
        out[oc + j] = sc / count;
        out[od + j] = sd / count;
        j++;
      }
    }
  }

  private static void boxSampled(
      float[] in, int n, Window window, int[] sampled, float[] out, int outStart) {
    float sum = 0f;
    int count = 0;
    int r = 0;
    int l = 0;
    for (int k = 0; k < window.lead; k++, r++) {
      sum += in[r];
      count++;
    }
    int growing = Math.min(n, window.lag + 1);
    int full = Math.max(0, n - window.lead - growing);
    int j = 0;
    for (int o = 0; o < n; o++) {
      if (o < growing) {
        sum += in[r++];
        count++;
      } else if (o < growing + full) {
        sum += in[r++];
        sum -= in[l++];
      } else {
        sum -= in[l++];
        count--;
      }
      while (j < OUT && sampled[j] == o) {
        out[outStart + j++] = sum / count;
      }
    }
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
   * One box pass over {@code n} strided values: output {@code o} is the mean of inputs {@code o -
   * lag .. o + lead}, clipped to the vector (so edges average fewer values).
   */
  static void box(
      float[] in,
      int inStart,
      int inStride,
      float[] out,
      int outStart,
      int outStride,
      int n,
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
