package dev.likeness.core.hash;

import dev.likeness.contract.hash.Dihedral;

/**
 * The 16×16 lowest non-constant frequencies of the 2-D DCT-II of a 64×64 block, and their
 * rearrangement under the eight {@link Dihedral} transforms of the block.
 */
final class Dct16 {
  static final int N = 16;
  private static final int IN = JaroszFilter.OUT;

  // Row u of the 64-point DCT basis for frequencies u = 1..16; frequency 0 (the mean) is skipped
  // because it carries brightness, not structure.
  private static final float[] MATRIX = basis();

  private Dct16() {}

  private static float[] basis() {
    float[] m = new float[N * IN];
    double scale = Math.sqrt(2.0 / IN);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < IN; j++) {
        m[i * IN + j] = (float) (scale * Math.cos((Math.PI / 2 / IN) * (i + 1) * (2 * j + 1)));
      }
    }
    return m;
  }

  /** {@code D · block · Dᵀ} for the 64×64 row-major block: a 16×16 row-major result. */
  static float[] transform(float[] block) {
    // Summation order follows the reference (k ascending, float accumulators) so that results
    // are bit-identical to it.
    float[] partial = new float[N * IN]; // D · block, 16×64
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < IN; j++) {
        float sum = 0f;
        for (int k = 0; k < IN; k++) {
          sum += MATRIX[i * IN + k] * block[k * IN + j];
        }
        partial[i * IN + j] = sum;
      }
    }
    float[] out = new float[N * N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        float sum = 0f;
        for (int k = 0; k < IN; k++) {
          sum += partial[i * IN + k] * MATRIX[j * IN + k];
        }
        out[i * N + j] = sum;
      }
    }
    return out;
  }

  /**
   * The coefficients of the block transformed by {@code form}. Reversing the block along an axis
   * negates the odd-numbered frequencies (u = 1, 3, ..., stored at even indices) along it, and
   * transposing the block transposes the coefficients.
   */
  static float[] dihedral(float[] coefficients, Dihedral form) {
    boolean transpose;
    boolean reverseRows; // sign by output row frequency
    boolean reverseColumns; // sign by output column frequency
    switch (form) {
      case ORIGINAL -> {
        transpose = false;
        reverseRows = false;
        reverseColumns = false;
      }
      case ROTATE_90 -> {
        transpose = true;
        reverseRows = true;
        reverseColumns = false;
      }
      case ROTATE_180 -> {
        transpose = false;
        reverseRows = true;
        reverseColumns = true;
      }
      case ROTATE_270 -> {
        transpose = true;
        reverseRows = false;
        reverseColumns = true;
      }
      case FLIP_X -> {
        transpose = false;
        reverseRows = true;
        reverseColumns = false;
      }
      case FLIP_Y -> {
        transpose = false;
        reverseRows = false;
        reverseColumns = true;
      }
      case FLIP_PLUS1 -> {
        transpose = true;
        reverseRows = false;
        reverseColumns = false;
      }
      case FLIP_MINUS1 -> {
        transpose = true;
        reverseRows = true;
        reverseColumns = true;
      }
      default -> throw new AssertionError(form);
    }
    float[] out = new float[N * N];
    for (int r = 0; r < N; r++) {
      for (int c = 0; c < N; c++) {
        float v = transpose ? coefficients[c * N + r] : coefficients[r * N + c];
        boolean negate = (reverseRows && (r & 1) == 0) ^ (reverseColumns && (c & 1) == 0);
        out[r * N + c] = negate ? -v : v;
      }
    }
    return out;
  }
}
