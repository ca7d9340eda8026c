package dev.likeness.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector loop gives the scalar loop's floats, which are PDQ's formula in float. */
class PackedLumaTest {
  @Test
  void theBuildRunsTestsWithTheVectorModule() {
    assertThat(VectorModule.ENABLED).isTrue();
  }

  @Test
  void vectorAndScalarRowsAreTheSameFloats() {
    Random random = new Random(3);
    int[] px = new int[4000];
    for (int i = 0; i < px.length; i++) {
      px[i] = random.nextInt();
    }
    // Widths around multiples of 8 and 16 lanes; RGB and BGR layouts; an offset into the array.
    for (int width : new int[] {1, 7, 15, 16, 17, 33, 800}) {
      for (int[] shifts : new int[][] {{16, 8, 0}, {0, 8, 16}}) {
        float[] scalar = new float[width];
        float[] vector = new float[width];
        PackedLuma.row(px, 13, width, shifts[0], shifts[1], shifts[2], scalar, false);
        PackedLuma.row(px, 13, width, shifts[0], shifts[1], shifts[2], vector, true);
        for (int x = 0; x < width; x++) {
          int v = px[13 + x];
          float expected =
              0.299f * ((v >>> shifts[0]) & 0xff)
                  + 0.587f * ((v >>> shifts[1]) & 0xff)
                  + 0.114f * ((v >>> shifts[2]) & 0xff);
          assertThat(Float.floatToRawIntBits(scalar[x]))
              .as("scalar, width %d, x %d", width, x)
              .isEqualTo(Float.floatToRawIntBits(expected));
          assertThat(Float.floatToRawIntBits(vector[x]))
              .as("vector, width %d, x %d", width, x)
              .isEqualTo(Float.floatToRawIntBits(expected));
        }
      }
    }
  }
}
