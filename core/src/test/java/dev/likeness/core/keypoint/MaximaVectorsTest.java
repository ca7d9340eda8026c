package dev.likeness.core.keypoint;

import static org.assertj.core.api.Assertions.assertThat;

import boofcv.struct.image.GrayF32;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The candidates are exactly the pixels the brute-force test accepts, in row order. */
class MaximaVectorsTest {
  private final MaximaVectors maxima = new MaximaVectors();

  @Test
  void listsExactlyThePixelsThatPassTheTestOnNoise() {
    Random random = new Random(9);
    // Widths around multiples of the 16 lanes, so that the scalar end of each row is used too.
    for (int width : new int[] {20, 35, 36, 37, 100, 512}) {
      GrayF32 image = new GrayF32(width, 41);
      for (int i = 0; i < image.data.length; i++) {
        // Few distinct values, so that ties and flat runs occur; some below 0.
        image.data[i] = random.nextInt(7) - 2;
      }
      for (int edge : new int[] {2, 3, 7}) {
        int count = maxima.candidates(image, edge);
        List<Integer> listed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          listed.add(maxima.found()[i]);
        }
        assertThat(listed).as("width %d, edge %d", width, edge).isEqualTo(bruteForce(image, edge));
      }
    }
  }

  @Test
  void aFlatRunIsNotListed() {
    GrayF32 flat = new GrayF32(64, 32);
    assertThat(maxima.candidates(flat, 2)).isZero();
    flat.set(30, 16, 5f);
    assertThat(maxima.candidates(flat, 2)).isEqualTo(1);
    assertThat(maxima.found()[0]).isEqualTo(16 * 64 + 30);
  }

  /**
   * Pixels from {@code edge} in, at or above 0, at their 5 x 5 maximum, above both row neighbours.
   */
  private static List<Integer> bruteForce(GrayF32 image, int edge) {
    List<Integer> expected = new ArrayList<>();
    for (int y = edge; y < image.height - edge; y++) {
      for (int x = edge; x < image.width - edge; x++) {
        float v = image.get(x, y);
        boolean largest = true;
        for (int dy = -2; dy <= 2; dy++) {
          for (int dx = -2; dx <= 2; dx++) {
            largest &= image.get(x + dx, y + dy) <= v;
          }
        }
        if (v >= 0 && largest && v > image.get(x - 1, y) && v > image.get(x + 1, y)) {
          expected.add(y * image.width + x);
        }
      }
    }
    return expected;
  }
}
