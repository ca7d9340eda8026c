package dev.likeness.core.keypoint;

import static org.assertj.core.api.Assertions.assertThat;

import boofcv.alg.feature.detect.intensity.impl.ImplIntegralImageFeatureIntensity;
import boofcv.alg.transform.ii.GIntegralImageOps;
import boofcv.struct.image.GrayF32;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector loop is held to the scalar one, and the sampled rows to BoofCV's loop, bit for bit;
 * FastHessianTest holds the detector to BoofCV's.
 */
class HessianRowsTest {
  private final HessianRows rows = new HessianRows();

  @Test
  void vectorRowsEqualScalarRowsBitForBit() {
    Random random = new Random(11);
    // Widths around multiples of 8 and 16 lanes, so that every remainder under the mask occurs;
    // every kernel size of the first octave and some larger.
    int[] widths = {40, 47, 48, 49, 63, 64, 65, 100, 511, 512};
    int[] sizes = {9, 15, 21, 27, 39, 51};
    for (int width : widths) {
      GrayF32 image = new GrayF32(width, 70);
      for (int i = 0; i < image.data.length; i++) {
        image.data[i] = random.nextInt(256) + random.nextFloat();
      }
      GrayF32 integral = GIntegralImageOps.transform(image, null);
      for (int size : sizes) {
        HessianKernel kernel = new HessianKernel(integral, size);
        GrayF32 scalar = filled(width, 70);
        GrayF32 vector = filled(width, 70);
        rows.compute(integral, kernel, 1, scalar, false);
        rows.compute(integral, kernel, 1, vector, true);
        for (int i = 0; i < scalar.data.length; i++) {
          assertThat(Float.floatToRawIntBits(vector.data[i]))
              .as("width %d, kernel %d, pixel %d", width, size, i)
              .isEqualTo(Float.floatToRawIntBits(scalar.data[i]));
        }
        assertComputedExactlyInside(scalar, kernel.border);
      }
    }
  }

  @Test
  void everySecondPixelIsBoofCvsSampledLoopBitForBit() {
    Random random = new Random(5);
    for (int[] shape : new int[][] {{512, 384}, {301, 157}, {97, 260}}) {
      GrayF32 image = new GrayF32(shape[0], shape[1]);
      for (int i = 0; i < image.data.length; i++) {
        image.data[i] = random.nextInt(256);
      }
      GrayF32 integral = GIntegralImageOps.transform(image, null);
      // The second octave's kernels, and larger ones.
      for (int size : new int[] {15, 27, 39, 51, 99}) {
        GrayF32 boof = filled(shape[0] / 2, shape[1] / 2);
        ImplIntegralImageFeatureIntensity.hessianInner(integral, 2, size, boof);
        for (boolean vectorized : new boolean[] {false, true}) {
          GrayF32 ours = filled(shape[0] / 2, shape[1] / 2);
          rows.compute(integral, new HessianKernel(integral, size), 2, ours, vectorized);
          for (int i = 0; i < boof.data.length; i++) {
            assertThat(Float.floatToRawIntBits(ours.data[i]))
                .as(
                    "%dx%d, kernel %d, vector %s, pixel %d",
                    shape[0], shape[1], size, vectorized, i)
                .isEqualTo(Float.floatToRawIntBits(boof.data[i]));
          }
          assertComputedExactlyInside(ours, HessianRows.sampledBorder(size, 2));
        }
      }
    }
  }

  @Test
  void writesExactlyInsideTheKernelsBorder() {
    GrayF32 image = new GrayF32(80, 60);
    Arrays.fill(image.data, 50f);
    GrayF32 integral = GIntegralImageOps.transform(image, null);
    HessianKernel kernel = new HessianKernel(integral, 15);
    GrayF32 out = filled(80, 60);
    rows.compute(integral, kernel, 1, out, true);
    assertComputedExactlyInside(out, kernel.border);
    assertThat(out.get(40, 30)).as("a flat image has no curvature").isZero();
  }

  /** Every pixel at least {@code border} from the edges was written, and no other. */
  private static void assertComputedExactlyInside(GrayF32 out, int border) {
    for (int y = 0; y < out.height; y++) {
      for (int x = 0; x < out.width; x++) {
        boolean inside =
            x >= border && x < out.width - border && y >= border && y < out.height - border;
        assertThat(Float.isNaN(out.get(x, y)))
            .as("(%d, %d) of %dx%d", x, y, out.width, out.height)
            .isEqualTo(!inside);
      }
    }
  }

  private static GrayF32 filled(int width, int height) {
    GrayF32 image = new GrayF32(width, height);
    Arrays.fill(image.data, Float.NaN);
    return image;
  }
}
