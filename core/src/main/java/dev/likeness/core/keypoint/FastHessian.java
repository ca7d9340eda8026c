package dev.likeness.core.keypoint;

import boofcv.alg.feature.detect.intensity.impl.ImplIntegralImageFeatureIntensity;
import boofcv.alg.feature.detect.interest.FastHessianFeatureDetector;
import boofcv.alg.feature.detect.selector.FeatureSelectNBest;
import boofcv.alg.feature.detect.selector.SampleIntensityScalePoint;
import boofcv.alg.transform.ii.DerivativeIntegralImage;
import boofcv.alg.transform.ii.IntegralImageOps;
import boofcv.alg.transform.ii.IntegralKernel;
import boofcv.struct.feature.ScalePoint;
import boofcv.struct.image.GrayF32;
import java.util.Arrays;
import org.ddogleg.struct.DogArray;
import org.ddogleg.struct.DogArray_I64;
import org.ddogleg.struct.FastArray;

/**
 * SURF's Fast-Hessian detector over an integral image, finding exactly the keypoints of BoofCV's
 * {@link FastHessianFeatureDetector} in our configuration (first octave sampled at every pixel,
 * kernels 9 + 6k, four scales per octave, strict 5×5 maxima at or above 0, the strongest N across
 * all scales) with less work.
 *
 * <p>Where the saving comes from (each measured in bench/README.md):
 *
 * <ul>
 *   <li>Near the edges BoofCV computes the Hessian of every pixel whose kernel leaves the image by
 *       a bounds-checked sparse convolution: half a kernel wide a side, most of the image at the
 *       larger scales, a fifth of an indexing thread's time. The search reads only a few of those
 *       pixels; only those are computed here, with BoofCV's kernels and arithmetic.
 *   <li>The first and last scale of an octave are only read around maxima of the middle ones, so
 *       they are computed there alone, a tenth of a whole scale; in the first two octaves, when
 *       {@link HessianRows} runs on vectors, whole again, since that is then cheaper.
 *   <li>The first octave's scales, most of the remaining work, go through {@link HessianRows}: the
 *       same arithmetic in the same order, on vectors where the JDK's vector module is present (and
 *       then the second octave too); the non-maximum search and the scale-space test are fused, and
 *       on vectors {@link MaximaVectors} finds its candidates.
 * </ul>
 *
 * Every value read is the same float as BoofCV's; {@code FastHessianTest} holds the output to
 * BoofCV's detector, point for point and in order, on real photographs and on noise.
 *
 * <p>Not thread-safe: it keeps work buffers.
 */
final class FastHessian {
  private static final int INITIAL_SIZE = 9;
  private static final int SCALE_STEP = 6;
  private static final int SCALES_PER_OCTAVE = 4;
  private static final int SEARCH_RADIUS = 2;

  private final int octaves;
  private final int maxFeatures;
  private final FeatureSelectNBest<ScalePoint> strongest =
      new FeatureSelectNBest<>(new SampleIntensityScalePoint());
  private final DogArray<ScalePoint> found = new DogArray<>(10, ScalePoint::new);
  private final FastArray<ScalePoint> selected = new FastArray<>(ScalePoint.class);
  private final GrayF32[] levels = new GrayF32[SCALES_PER_OCTAVE];
  private final int[] sizes = new int[SCALES_PER_OCTAVE];
  private final int[] from = new int[SCALES_PER_OCTAVE];
  private IntegralKernel kernelXx = new IntegralKernel(2);
  private IntegralKernel kernelYy = new IntegralKernel(2);
  private IntegralKernel kernelXy = new IntegralKernel(2);
  private final ScaleAtPoints smallest = new ScaleAtPoints();
  private final ScaleAtPoints largest = new ScaleAtPoints();
  private final HessianRows rows = new HessianRows();
  private final boolean vectorized;
  private final MaximaVectors maxima;
  private final DogArray_I64 peaks = new DogArray_I64();

  /**
   * A detector over {@code octaves} octaves that keeps the {@code maxFeatures} strongest keypoints.
   */
  FastHessian(int octaves, int maxFeatures) {
    this(octaves, maxFeatures, HessianRows.VECTORIZED);
  }

  /**
   * As {@link #FastHessian(int, int)}, on the JDK's vector module or not (which needs it); for
   * tests.
   */
  FastHessian(int octaves, int maxFeatures, boolean vectorized) {
    this.vectorized = vectorized;
    this.maxima = vectorized ? new MaximaVectors() : null;
    this.octaves = octaves;
    this.maxFeatures = maxFeatures;
    for (int i = 0; i < levels.length; i++) {
      levels[i] = new GrayF32(1, 1);
    }
  }

  /**
   * The strongest keypoints of the image whose integral image is {@code integral}, in BoofCV's
   * order; {@link ScalePoint#white} is not computed. The list is reused by the next call.
   */
  FastArray<ScalePoint> detect(GrayF32 integral) {
    found.reset();
    int skip = 1;
    int sizeStep = SCALE_STEP;
    int octaveSize = INITIAL_SIZE;
    for (int octave = 0; octave < octaves; octave++) {
      for (int i = 0; i < SCALES_PER_OCTAVE; i++) {
        sizes[i] = octaveSize + i * sizeStep;
      }
      int largest = sizes[SCALES_PER_OCTAVE - 1];
      if (largest > integral.width || largest > integral.height) {
        break;
      }
      detectOctave(integral, skip);
      skip += skip;
      octaveSize += sizeStep;
      sizeStep += sizeStep;
    }
    strongest.select(
        null, integral.width, integral.height, true, null, found, maxFeatures, selected);
    return selected;
  }

  private void detectOctave(GrayF32 integral, int skip) {
    int w = integral.width / skip;
    int h = integral.height / skip;
    // The middle scales are searched for maxima and are computed whole, but only as far in from
    // the edges as the search and their neighbours in scale read. The first and last scales are
    // read only around those maxima (3 x 3 each), so they are computed there alone.
    for (int i = 1; i <= SCALES_PER_OCTAVE - 2; i++) {
      int first = ignoredBorder(sizes[i], skip);
      if (i + 1 <= SCALES_PER_OCTAVE - 2) {
        first = Math.min(first, ignoredBorder(sizes[i + 1], skip) + 1);
      }
      if (i - 1 >= 1) {
        first = Math.min(first, ignoredBorder(sizes[i - 1], skip) + 1);
      }
      from[i] = first;
      levels[i].reshape(w, h);
      hessian(integral, skip, sizes[i], levels[i], first);
    }
    GrayF32 first = null;
    GrayF32 last = null;
    if (skip <= 2 && vectorized) {
      // At the vector loop's speed the first two octaves' outer scales cost less computed whole
      // (inside the kernel's border) than at the 20,000 and 5,000 or so points read around maxima.
      first = whole(integral, skip, 0);
      last = whole(integral, skip, SCALES_PER_OCTAVE - 1);
    }
    smallest.set(integral, skip, sizes[0], first);
    largest.set(integral, skip, sizes[SCALES_PER_OCTAVE - 1], last);
    for (int i = 1; i <= SCALES_PER_OCTAVE - 2; i++) {
      scaleSpaceMaxima(i, skip);
    }
  }

  /**
   * Scale {@code level} of the octave sampled every {@code skip} pixels, where its whole kernel
   * fits.
   */
  private GrayF32 whole(GrayF32 integral, int skip, int level) {
    levels[level].reshape(integral.width / skip, integral.height / skip);
    rows.compute(
        integral, new HessianKernel(integral, sizes[level]), skip, levels[level], vectorized);
    return levels[level];
  }

  /**
   * Whether {@link HessianRows} computes a scale sampled every {@code skip} pixels: always at every
   * pixel; at every second pixel on vectors (rows at every pixel, then every second one, is then
   * faster than BoofCV's loop); sparser, BoofCV's loop.
   */
  private boolean byRows(int skip) {
    return skip == 1 || skip == 2 && vectorized;
  }

  /** BoofCV's non-maximum border for a kernel of {@code size} at {@code skip}. */
  private static int ignoredBorder(int size, int skip) {
    return size / (2 * skip);
  }

  /**
   * The determinant of the Hessian at every sampled pixel at least {@code first} pixels from the
   * edges: where the whole kernel fits, by {@link HessianRows} or BoofCV's unrolled loop (see
   * {@link #byRows}); the rest of that band by BoofCV's sparse kernels.
   */
  private void hessian(GrayF32 integral, int skip, int size, GrayF32 out, int first) {
    if (byRows(skip)) {
      rows.compute(integral, new HessianKernel(integral, size), skip, out, vectorized);
    } else {
      ImplIntegralImageFeatureIntensity.hessianInner(integral, skip, size, out);
    }
    int w = out.width;
    int h = out.height;
    int border = HessianRows.sampledBorder(size, skip);
    if (first >= border) {
      return;
    }
    kernelXx = DerivativeIntegralImage.kernelDerivXX(size, kernelXx);
    kernelYy = DerivativeIntegralImage.kernelDerivYY(size, kernelYy);
    kernelXy = DerivativeIntegralImage.kernelDerivXY(size, kernelXy);
    float norm = 1.0f / (size * size);
    int innerX0 = Math.min(border, w);
    int innerX1 = Math.max(innerX0, w - border);
    int innerY0 = Math.min(border, h);
    int innerY1 = Math.max(innerY0, h - border);
    for (int y = first; y < h - first; y++) {
      boolean innerRow = y >= innerY0 && y < innerY1;
      for (int x = first; x < w - first; x++) {
        if (innerRow && x >= innerX0 && x < innerX1) {
          x = innerX1 - 1; // the inner loop has these
          continue;
        }
        ImplIntegralImageFeatureIntensity.computeHessian(
            integral, out, kernelXx, kernelYy, kernelXy, norm, y, y * skip, x, x * skip);
      }
    }
  }

  /**
   * BoofCV's non-maximum search and findLocalScaleSpaceMax for the middle scale {@code level},
   * fused, without the Laplacian sign. Blocks of 3 x 3 are scanned in BoofCV's order from the
   * ignored border in; a block's largest value (the first, on ties) is a keypoint if it is at or
   * above 0, far enough from the edges, strictly above the other 24 pixels within 2 of it and above
   * its 3 x 3 neighbours in both adjacent scales. The tests are BoofCV's, ordered cheapest first.
   * On vectors, see {@link #vectorMaxima}: the same keypoints in the same order.
   */
  private void scaleSpaceMaxima(int level, int skip) {
    if (vectorized) {
      vectorMaxima(level, skip);
      return;
    }
    GrayF32 here = levels[level];
    int w = here.width;
    int h = here.height;
    int ignored = ignoredBorder(sizes[level], skip);
    int edge = ignored + SEARCH_RADIUS;
    int block = SEARCH_RADIUS + 1;
    float[] data = here.data;
    for (int y0 = ignored; y0 < h - ignored; y0 += block) {
      int y1 = Math.min(y0 + block, h - ignored);
      for (int x0 = ignored; x0 < w - ignored; x0 += block) {
        int x1 = Math.min(x0 + block, w - ignored);
        // The block's largest value without branches, then, for the three quarters or so at or
        // above 0, its first position in BoofCV's scan order (which keeps the first on ties).
        int corner = here.startIndex + y0 * here.stride + x0;
        int cols = x1 - x0;
        int rows = y1 - y0;
        float value =
            cols == block && rows == block
                ? largestOf3x3(data, corner, here.stride)
                : largestOf(data, corner, here.stride, cols, rows);
        if (value < 0f || value == Float.MAX_VALUE) {
          continue;
        }
        int first = firstEqual(data, corner, here.stride, cols, rows, value);
        if (first < 0) {
          continue;
        }
        int x = x0 + first % cols;
        int y = y0 + first / cols;
        value =
            data[corner + (y - y0) * here.stride + x - x0]; // 0 or -0 as stored, not as max gives
        if (x < edge || x >= w - edge || y < edge || y >= h - edge) {
          continue;
        }
        if (isPeak(level, value, x, y)) {
          addKeypoint(level, skip, value, x, y);
        }
      }
    }
  }

  /**
   * {@link #scaleSpaceMaxima} on vectors. A block's largest value passes the 5 x 5 test only if it
   * is strictly above everything within 2 of it, which holds the rest of its block; conversely such
   * a pixel is its block's largest. So the keypoints are the pixels from the edge in that are at or
   * above 0 and strict 5 x 5 maxima and pass the scale tests, taken in the order of their blocks.
   * {@link MaximaVectors} finds the pixels that equal their 5 x 5 maximum; the tests are then the
   * scalar search's.
   */
  private void vectorMaxima(int level, int skip) {
    GrayF32 here = levels[level];
    int w = here.width;
    int ignored = ignoredBorder(sizes[level], skip);
    int edge = ignored + SEARCH_RADIUS;
    int block = SEARCH_RADIUS + 1;
    int count = maxima.candidates(here, edge);
    int[] candidates = maxima.found();
    peaks.reset();
    for (int i = 0; i < count; i++) {
      int x = candidates[i] % w;
      int y = candidates[i] / w;
      float value = here.unsafe_get(x, y);
      if (value != Float.MAX_VALUE && isPeak(level, value, x, y)) {
        // Blocks are numbered in BoofCV's scan order; one pixel per block can pass.
        long order = (long) ((y - ignored) / block) * w + (x - ignored) / block;
        peaks.add(order << 32 | candidates[i]);
      }
    }
    long[] sorted = peaks.data;
    Arrays.sort(sorted, 0, peaks.size);
    for (int i = 0; i < peaks.size; i++) {
      int pixel = (int) sorted[i];
      addKeypoint(level, skip, here.unsafe_get(pixel % w, pixel / w), pixel % w, pixel / w);
    }
  }

  /**
   * Whether {@code value} at (x, y) of the middle scale {@code level} is strictly above the other
   * 24 pixels within 2 of it and above its 3 x 3 neighbours in both adjacent scales. The scale
   * computed whole first: it rejects most maxima before any pixel is computed.
   */
  private boolean isPeak(int level, float value, int x, int y) {
    GrayF32 here = levels[level];
    return level == 1
        ? belowAround(levels[2], value, x, y)
            && strictMaximum(here, value, x, y)
            && belowAround(smallest, value, x, y)
        : belowAround(levels[level - 1], value, x, y)
            && strictMaximum(here, value, x, y)
            && belowAround(largest, value, x, y);
  }

  /**
   * Adds the keypoint at the peak (x, y) of the middle scale {@code level}, interpolated as BoofCV
   * does.
   */
  private void addKeypoint(int level, int skip, float value, int x, int y) {
    GrayF32 here = levels[level];
    int levelSize = sizes[level];
    int sizeStep = levelSize - sizes[level - 1];
    float below = level == 1 ? smallest.at(x, y) : levels[level - 1].unsafe_get(x, y);
    float above =
        level == SCALES_PER_OCTAVE - 2 ? largest.at(x, y) : levels[level + 1].unsafe_get(x, y);
    float peakX =
        FastHessianFeatureDetector.polyPeak(
            here.unsafe_get(x - 1, y), value, here.unsafe_get(x + 1, y));
    float peakY =
        FastHessianFeatureDetector.polyPeak(
            here.unsafe_get(x, y - 1), value, here.unsafe_get(x, y + 1));
    float peakS = FastHessianFeatureDetector.polyPeak(below, value, above);
    float interpX = (x + peakX) * skip;
    float interpY = (y + peakY) * skip;
    float interpS = levelSize + peakS * sizeStep;
    found.grow().setTo(interpX, interpY, 1.2 * interpS / 9.0, false, value);
  }

  /** The largest of the 3 x 3 values from {@code corner}, rows {@code stride} apart. */
  private static float largestOf3x3(float[] data, int corner, int stride) {
    int r1 = corner + stride;
    int r2 = r1 + stride;
    float c0 = Math.max(Math.max(data[corner], data[r1]), data[r2]);
    float c1 = Math.max(Math.max(data[corner + 1], data[r1 + 1]), data[r2 + 1]);
    float c2 = Math.max(Math.max(data[corner + 2], data[r1 + 2]), data[r2 + 2]);
    return Math.max(Math.max(c0, c1), c2);
  }

  /**
   * The largest of {@code cols} x {@code rows} values from {@code corner} (a block cut by the
   * edge).
   */
  private static float largestOf(float[] data, int corner, int stride, int cols, int rows) {
    float largest = -Float.MAX_VALUE;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        largest = Math.max(largest, data[corner + r * stride + c]);
      }
    }
    return largest;
  }

  /**
   * Where {@code value} first occurs in the block from {@code corner}, as {@code row * cols + col};
   * -1 if nowhere.
   */
  private static int firstEqual(
      float[] data, int corner, int stride, int cols, int rows, float value) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (data[corner + r * stride + c] == value) {
          return r * cols + c;
        }
      }
    }
    return -1; // NaN, which finite pixels never give
  }

  /** Whether {@code value} at (x, y) is above every other pixel within {@link #SEARCH_RADIUS}. */
  private static boolean strictMaximum(GrayF32 image, float value, int x, int y) {
    for (int yy = y - SEARCH_RADIUS; yy <= y + SEARCH_RADIUS; yy++) {
      int index = image.startIndex + yy * image.stride + x - SEARCH_RADIUS;
      for (int xx = x - SEARCH_RADIUS; xx <= x + SEARCH_RADIUS; xx++, index++) {
        if (image.data[index] >= value && (xx != x || yy != y)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether all nine pixels of {@code image} around (x, y) are below {@code value}. */
  private static boolean belowAround(GrayF32 image, float value, int x, int y) {
    for (int yy = y - 1; yy <= y + 1; yy++) {
      for (int xx = x - 1; xx <= x + 1; xx++) {
        if (image.unsafe_get(xx, yy) >= value) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether all nine values of {@code scale} around (x, y) are below {@code value}; the centre
   * first, as the one most often above.
   */
  private static boolean belowAround(ScaleAtPoints scale, float value, int x, int y) {
    if (scale.at(x, y) >= value) {
      return false;
    }
    for (int yy = y - 1; yy <= y + 1; yy++) {
      for (int xx = x - 1; xx <= x + 1; xx++) {
        if ((xx != x || yy != y) && scale.at(xx, yy) >= value) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * One scale's Hessian determinant computed at single pixels, with the arithmetic of the loop that
   * computes it for a whole image there (BoofCV's unrolled inner loop, or its sparse kernels near
   * the edges), so that the floats are the same.
   */
  private static final class ScaleAtPoints {
    private GrayF32 integral;
    private int skip;
    private int width;
    private int height;
    private int border;
    private float norm;
    private int blockSmall;
    private int blockLarge;
    private int radius;
    private int radiusSkinny;
    private IntegralKernel kernelXx = new IntegralKernel(2);
    private IntegralKernel kernelYy = new IntegralKernel(2);
    private IntegralKernel kernelXy = new IntegralKernel(2);
    private GrayF32 whole;

    /**
     * Points of the {@code size} scale sampled every {@code skip} pixels; {@code whole}, if not
     * null, already holds its values wherever the whole kernel fits.
     */
    void set(GrayF32 integral, int skip, int size, GrayF32 whole) {
      this.integral = integral;
      this.whole = whole;
      this.skip = skip;
      this.width = integral.width / skip;
      this.height = integral.height / skip;
      this.radius = size / 2;
      this.border = HessianRows.sampledBorder(size, skip);
      this.norm = 1.0f / (size * size);
      this.blockSmall = size / 3;
      this.blockLarge = size - blockSmall - 1;
      this.radiusSkinny = blockLarge / 2;
      kernelXx = DerivativeIntegralImage.kernelDerivXX(size, kernelXx);
      kernelYy = DerivativeIntegralImage.kernelDerivYY(size, kernelYy);
      kernelXy = DerivativeIntegralImage.kernelDerivXY(size, kernelXy);
    }

    float at(int x, int y) {
      int xx = x * skip;
      int yy = y * skip;
      float dxx;
      float dyy;
      float dxy;
      boolean inside = x >= border && x < width - border && y >= border && y < height - border;
      if (inside && whole != null) {
        return whole.data[whole.startIndex + y * whole.stride + x];
      }
      if (inside) {
        // HessianRows' arithmetic, written out again: a method shared by both measured
        // slower in that loop (the JIT kept the kernel's offsets in memory).
        float[] d = integral.data;
        int stride = integral.stride;
        int top = integral.startIndex + (yy - radiusSkinny - 1) * stride + xx - radius - 1;
        int bottom = top + blockLarge * stride;
        dxx = d[bottom + 3 * blockSmall] - d[top + 3 * blockSmall] - d[bottom] + d[top];
        dxx -=
            3
                * (d[bottom + 2 * blockSmall]
                    - d[top + 2 * blockSmall]
                    - d[bottom + blockSmall]
                    + d[top + blockSmall]);
        int left = integral.startIndex + (yy - radius - 1) * stride + xx - radiusSkinny - 1;
        int right = left + blockLarge;
        int row1 = blockSmall * stride;
        int row2 = 2 * row1;
        int row3 = 3 * row1;
        dyy = d[right + row3] - d[left + row3] - d[right] + d[left];
        dyy -= 3 * (d[right + row2] - d[left + row2] - d[right + row1] + d[left + row1]);
        int y1 = integral.startIndex + (yy - blockSmall - 1) * stride + xx - blockSmall - 1;
        int y2 = y1 + blockSmall * stride;
        int y3 = y2 + stride;
        int y4 = y3 + blockSmall * stride;
        int x3 = blockSmall + 1;
        int x4 = x3 + blockSmall;
        dxy = d[y2 + blockSmall] - d[y1 + blockSmall] - d[y2] + d[y1];
        dxy -= d[y2 + x4] - d[y1 + x4] - d[y2 + x3] + d[y1 + x3];
        dxy += d[y4 + x4] - d[y3 + x4] - d[y4 + x3] + d[y3 + x3];
        dxy -= d[y4 + blockSmall] - d[y3 + blockSmall] - d[y4] + d[y3];
      } else {
        dxx = IntegralImageOps.convolveSparse(integral, kernelXx, xx, yy);
        dyy = IntegralImageOps.convolveSparse(integral, kernelYy, xx, yy);
        dxy = IntegralImageOps.convolveSparse(integral, kernelXy, xx, yy);
      }
      dxx *= norm;
      dxy *= norm;
      dyy *= norm;
      return dxx * dyy - 0.81f * dxy * dxy;
    }
  }

  /**
   * The first pixel from the edges whose value {@link #detect} computes at {@code level}, for
   * tests.
   */
  int firstComputed(int level) {
    return from[level];
  }
}
