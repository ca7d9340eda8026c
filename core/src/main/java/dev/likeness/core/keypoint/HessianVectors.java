package dev.likeness.core.keypoint;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HessianRows}' loop over the JDK's vector module: the same operations in the same order for
 * every pixel, as many pixels a step as the CPU's widest float vector holds. Loaded only when the
 * module is present.
 */
final class HessianVectors {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private HessianVectors() {}

  /**
   * Fills the whole vectors of {@code n} values of the integral row that {@code k} is {@link
   * HessianKernel#at at}, from column {@code x0} on, into {@code o} from {@code dst}, and returns
   * how many it filled; the scalar loop does the rest. (Masked loads and stores for the rest ran
   * slower than scalar code on JDK 17: they are not compiled to vector instructions.)
   */
  static int row(float[] d, HessianKernel k, int x0, int n, float[] o, int dst) {
    int bs = k.small;
    int x3 = bs + 1;
    int x4 = x3 + bs;
    int row1 = k.lobeRows;
    float norm = k.norm;
    int lanes = SPECIES.length();
    int end = x0 + n / lanes * lanes;
    int top = k.top;
    int bottom = k.bottom;
    int left = k.left;
    int right = k.right;
    int y1 = k.xy1;
    int y2 = k.xy2;
    int y3 = k.xy3;
    int y4 = k.xy4;
    int shift = dst - x0;
    for (int x = x0; x < end; x += lanes) {
      // Written out: through a helper per box, the JIT stopped inlining the vector calls and
      // fell back to their scalar Java forms.
      FloatVector dxx =
          FloatVector.fromArray(SPECIES, d, x + bottom + 3 * bs)
              .sub(FloatVector.fromArray(SPECIES, d, x + top + 3 * bs))
              .sub(FloatVector.fromArray(SPECIES, d, x + bottom))
              .add(FloatVector.fromArray(SPECIES, d, x + top));
      FloatVector lobe =
          FloatVector.fromArray(SPECIES, d, x + bottom + 2 * bs)
              .sub(FloatVector.fromArray(SPECIES, d, x + top + 2 * bs))
              .sub(FloatVector.fromArray(SPECIES, d, x + bottom + bs))
              .add(FloatVector.fromArray(SPECIES, d, x + top + bs));
      dxx = dxx.sub(lobe.mul(3f));
      FloatVector dyy =
          FloatVector.fromArray(SPECIES, d, x + right + 3 * row1)
              .sub(FloatVector.fromArray(SPECIES, d, x + left + 3 * row1))
              .sub(FloatVector.fromArray(SPECIES, d, x + right))
              .add(FloatVector.fromArray(SPECIES, d, x + left));
      lobe =
          FloatVector.fromArray(SPECIES, d, x + right + 2 * row1)
              .sub(FloatVector.fromArray(SPECIES, d, x + left + 2 * row1))
              .sub(FloatVector.fromArray(SPECIES, d, x + right + row1))
              .add(FloatVector.fromArray(SPECIES, d, x + left + row1));
      dyy = dyy.sub(lobe.mul(3f));
      FloatVector dxy =
          FloatVector.fromArray(SPECIES, d, x + y2 + bs)
              .sub(FloatVector.fromArray(SPECIES, d, x + y1 + bs))
              .sub(FloatVector.fromArray(SPECIES, d, x + y2))
              .add(FloatVector.fromArray(SPECIES, d, x + y1));
      dxy =
          dxy.sub(
              FloatVector.fromArray(SPECIES, d, x + y2 + x4)
                  .sub(FloatVector.fromArray(SPECIES, d, x + y1 + x4))
                  .sub(FloatVector.fromArray(SPECIES, d, x + y2 + x3))
                  .add(FloatVector.fromArray(SPECIES, d, x + y1 + x3)));
      dxy =
          dxy.add(
              FloatVector.fromArray(SPECIES, d, x + y4 + x4)
                  .sub(FloatVector.fromArray(SPECIES, d, x + y3 + x4))
                  .sub(FloatVector.fromArray(SPECIES, d, x + y4 + x3))
                  .add(FloatVector.fromArray(SPECIES, d, x + y3 + x3)));
      dxy =
          dxy.sub(
              FloatVector.fromArray(SPECIES, d, x + y4 + bs)
                  .sub(FloatVector.fromArray(SPECIES, d, x + y3 + bs))
                  .sub(FloatVector.fromArray(SPECIES, d, x + y4))
                  .add(FloatVector.fromArray(SPECIES, d, x + y3)));
      dxx = dxx.mul(norm);
      dxy = dxy.mul(norm);
      dyy = dyy.mul(norm);
      dxx.mul(dyy).sub(dxy.mul(0.81f).mul(dxy)).intoArray(o, shift + x);
    }
    return end - x0;
  }
}
