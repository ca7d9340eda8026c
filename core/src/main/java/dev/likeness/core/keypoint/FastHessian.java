package dev.likeness.core.keypoint;

import boofcv.alg.feature.detect.extract.NonMaxBlock;
import boofcv.alg.feature.detect.extract.NonMaxBlockSearchStrict;
import boofcv.alg.feature.detect.intensity.impl.ImplIntegralImageFeatureIntensity;
import boofcv.alg.feature.detect.interest.FastHessianFeatureDetector;
import boofcv.alg.feature.detect.selector.FeatureSelectNBest;
import boofcv.alg.feature.detect.selector.SampleIntensityScalePoint;
import boofcv.alg.transform.ii.DerivativeIntegralImage;
import boofcv.alg.transform.ii.IntegralKernel;
import boofcv.struct.QueueCorner;
import boofcv.struct.feature.ScalePoint;
import boofcv.struct.image.GrayF32;
import georegression.struct.point.Point2D_I16;
import org.ddogleg.struct.DogArray;
import org.ddogleg.struct.FastArray;

/**
 * SURF's Fast-Hessian detector over an integral image, finding exactly the keypoints of BoofCV's
 * {@link FastHessianFeatureDetector} in our configuration (first octave sampled at every pixel,
 * kernels 9 + 6k, four scales per octave, strict 5×5 maxima at or above 0, the strongest N across
 * all scales) with less work.
 *
 * <p>Where the saving comes from: near the image's edges BoofCV computes the Hessian with a
 * bounds-checked sparse convolution for every pixel whose kernel leaves the image, about half a
 * kernel wide on each side. At the larger scales that band is most of the image, and it was a
 * fifth of an indexing thread's time. The non-maximum search then ignores all but its innermost
 * pixels. This detector computes only the pixels that the search and the scale-space comparison
 * read, with BoofCV's own kernels and arithmetic, so the values it reads are the same floats.
 * {@code FastHessianTest} holds it to BoofCV's output on real photographs.
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
  private final NonMaxBlock nonMax = new NonMaxBlock(new NonMaxBlockSearchStrict.Max());
  private final FeatureSelectNBest<ScalePoint> strongest = new FeatureSelectNBest<>(new SampleIntensityScalePoint());
  private final QueueCorner maxima = new QueueCorner(100);
  private final DogArray<ScalePoint> found = new DogArray<>(10, ScalePoint::new);
  private final FastArray<ScalePoint> selected = new FastArray<>(ScalePoint.class);
  private final GrayF32[] levels = new GrayF32[SCALES_PER_OCTAVE];
  private final int[] sizes = new int[SCALES_PER_OCTAVE];
  private final int[] from = new int[SCALES_PER_OCTAVE];
  private IntegralKernel kernelXx = new IntegralKernel(2);
  private IntegralKernel kernelYy = new IntegralKernel(2);
  private IntegralKernel kernelXy = new IntegralKernel(2);

  /** A detector over {@code octaves} octaves that keeps the {@code maxFeatures} strongest keypoints. */
  FastHessian(int octaves, int maxFeatures) {
    this.octaves = octaves;
    this.maxFeatures = maxFeatures;
    nonMax.setSearchRadius(SEARCH_RADIUS);
    nonMax.setThresholdMax(0f);
    nonMax.setThresholdMin(-0f);
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
    strongest.select(null, integral.width, integral.height, true, null, found, maxFeatures, selected);
    return selected;
  }

  private void detectOctave(GrayF32 integral, int skip) {
    int w = integral.width / skip;
    int h = integral.height / skip;
    // How far in from the edges each scale must be right: the search of a middle scale reads
    // from its ignored border in; its neighbours in scale are read one pixel inside that.
    for (int i = 0; i < SCALES_PER_OCTAVE; i++) {
      int first = Integer.MAX_VALUE;
      if (i >= 1 && i <= SCALES_PER_OCTAVE - 2) {
        first = ignoredBorder(sizes[i], skip);
      }
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
    for (int i = 1; i <= SCALES_PER_OCTAVE - 2; i++) {
      scaleSpaceMaxima(i, skip);
    }
  }

  /** BoofCV's non-maximum border for a kernel of {@code size} at {@code skip}. */
  private static int ignoredBorder(int size, int skip) {
    return size / (2 * skip);
  }

  /**
   * The determinant of the Hessian at every sampled pixel at least {@code first} pixels from the
   * edges: the inner part by BoofCV's unrolled loop, the rest of that band by its sparse kernels.
   */
  private void hessian(GrayF32 integral, int skip, int size, GrayF32 out, int first) {
    ImplIntegralImageFeatureIntensity.hessianInner(integral, skip, size, out);
    int w = out.width;
    int h = out.height;
    int radius = size / 2;
    int border = (radius + 1 + (skip - (radius + 1) % skip)) / skip;
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
        ImplIntegralImageFeatureIntensity.computeHessian(integral, out, kernelXx, kernelYy, kernelXy, norm,
            y, y * skip, x, x * skip);
      }
    }
  }

  /** BoofCV's findLocalScaleSpaceMax for the middle scale {@code level}, without the Laplacian sign. */
  private void scaleSpaceMaxima(int level, int skip) {
    GrayF32 below = levels[level - 1];
    GrayF32 here = levels[level];
    GrayF32 above = levels[level + 1];
    int ignored = ignoredBorder(sizes[level], skip);
    nonMax.setBorder(ignored);
    nonMax.process(here, null, maxima);
    int edge = ignored + SEARCH_RADIUS;
    int endX = here.width - edge;
    int endY = here.height - edge;
    int levelSize = sizes[level];
    int sizeStep = levelSize - sizes[level - 1];
    for (int i = 0; i < maxima.size; i++) {
      Point2D_I16 p = maxima.get(i);
      int x = p.x;
      int y = p.y;
      if (x < edge || x >= endX || y < edge || y >= endY) {
        continue;
      }
      float value = here.unsafe_get(x, y);
      if (!belowAround(below, value, x, y) || !belowAround(above, value, x, y)) {
        continue;
      }
      float peakX = FastHessianFeatureDetector.polyPeak(here.unsafe_get(x - 1, y), value, here.unsafe_get(x + 1, y));
      float peakY = FastHessianFeatureDetector.polyPeak(here.unsafe_get(x, y - 1), value, here.unsafe_get(x, y + 1));
      float peakS = FastHessianFeatureDetector.polyPeak(below.unsafe_get(x, y), value, above.unsafe_get(x, y));
      float interpX = (x + peakX) * skip;
      float interpY = (y + peakY) * skip;
      float interpS = levelSize + peakS * sizeStep;
      found.grow().setTo(interpX, interpY, 1.2 * interpS / 9.0, false, value);
    }
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

  /** The first pixel from the edges whose value {@link #detect} computes at {@code level}, for tests. */
  int firstComputed(int level) {
    return from[level];
  }
}
