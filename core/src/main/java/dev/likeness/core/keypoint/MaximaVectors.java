package dev.likeness.core.keypoint;

import boofcv.struct.image.GrayF32;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pixels of a scale that are at or above 0, equal to the largest value within 2 of them and
 * above both neighbours in their row: every strict 5 x 5 maximum is one, and about one pixel in a
 * hundred of a photograph's scale is. Found on vectors, by the 5-wide maxima of each row and then
 * of five rows. Loaded only with the vector module; not thread-safe (one per detector).
 */
final class MaximaVectors {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int RADIUS = 2; // of the maxima, in pixels

  private float[] rowMaxima = new float[0];
  private final float[] lanes = new float[SPECIES.length()];
  private int[] found = new int[256];

  /**
   * Finds the candidates among the pixels of {@code image} at least {@code edge} (≥ 2) from the
   * edges, reading it 2 pixels further; returns how many, listed by {@link #found} as {@code y *
   * width + x} in row order.
   */
  int candidates(GrayF32 image, int edge) {
    int w = image.width;
    int h = image.height;
    if (w - 2 * edge <= 0 || h - 2 * edge <= 0) {
      return 0;
    }
    // The row maxima of five rows at a time, in a ring that stays in the cache.
    if (rowMaxima.length < 5 * w) {
      rowMaxima = new float[5 * w];
    }
    float[] d = image.data;
    float[] m = rowMaxima;
    int n = SPECIES.length();
    int end = w - edge;
    int vectorEnd = edge + (end - edge) / n * n;
    int count = 0;
    for (int y = edge - RADIUS; y < h - edge + RADIUS; y++) {
      int src = image.startIndex + y * image.stride;
      int dst = (y % 5) * w;
      int x = edge;
      for (; x < vectorEnd; x += n) {
        FloatVector.fromArray(SPECIES, d, src + x - 2)
            .max(FloatVector.fromArray(SPECIES, d, src + x - 1))
            .max(FloatVector.fromArray(SPECIES, d, src + x))
            .max(FloatVector.fromArray(SPECIES, d, src + x + 1))
            .max(FloatVector.fromArray(SPECIES, d, src + x + 2))
            .intoArray(m, dst + x);
      }
      for (; x < end; x++) {
        m[dst + x] =
            Math.max(
                Math.max(
                    Math.max(Math.max(d[src + x - 2], d[src + x - 1]), d[src + x]), d[src + x + 1]),
                d[src + x + 2]);
      }
      if (y >= edge + RADIUS) {
        count = centreRow(image, y - RADIUS, edge, vectorEnd, count);
      }
    }
    return count;
  }

  /**
   * Lists the candidates of row {@code y}, whose row maxima and its 2 neighbours' are in the ring.
   */
  private int centreRow(GrayF32 image, int y, int edge, int vectorEnd, int count) {
    float[] d = image.data;
    float[] m = rowMaxima;
    int w = image.width;
    int n = SPECIES.length();
    int src = image.startIndex + y * image.stride;
    int r0 = ((y + 3) % 5) * w; // y - 2
    int r1 = ((y + 4) % 5) * w;
    int r2 = (y % 5) * w;
    int r3 = ((y + 1) % 5) * w;
    int r4 = ((y + 2) % 5) * w;
    int x = edge;
    for (; x < vectorEnd; x += n) {
      FloatVector largest =
          FloatVector.fromArray(SPECIES, m, r0 + x)
              .max(FloatVector.fromArray(SPECIES, m, r1 + x))
              .max(FloatVector.fromArray(SPECIES, m, r2 + x))
              .max(FloatVector.fromArray(SPECIES, m, r3 + x))
              .max(FloatVector.fromArray(SPECIES, m, r4 + x));
      FloatVector value = FloatVector.fromArray(SPECIES, d, src + x);
      // Strictly above both neighbours in the row too: a flat run (a blank sky's zeros) is not
      // a strict maximum, and would otherwise be listed whole.
      VectorMask<Float> at =
          value
              .compare(VectorOperators.GE, largest)
              .and(value.compare(VectorOperators.GE, 0f))
              .and(
                  value.compare(VectorOperators.GT, FloatVector.fromArray(SPECIES, d, src + x - 1)))
              .and(
                  value.compare(
                      VectorOperators.GT, FloatVector.fromArray(SPECIES, d, src + x + 1)));
      if (at.anyTrue()) {
        largest.intoArray(lanes, 0);
        for (int i = 0; i < n; i++) {
          if (candidate(d, src + x + i, lanes[i])) {
            count = add(count, y * w + x + i);
          }
        }
      }
    }
    for (; x < w - edge; x++) {
      float largest =
          Math.max(
              Math.max(Math.max(Math.max(m[r0 + x], m[r1 + x]), m[r2 + x]), m[r3 + x]), m[r4 + x]);
      if (candidate(d, src + x, largest)) {
        count = add(count, y * w + x);
      }
    }
    return count;
  }

  /**
   * The vector test for one pixel: at or above 0 and {@code largest}, above both row neighbours.
   */
  private static boolean candidate(float[] d, int at, float largest) {
    float v = d[at];
    return v >= 0f && v >= largest && v > d[at - 1] && v > d[at + 1];
  }

  /** The candidates of the last {@link #candidates} call, as {@code y * width + x}. */
  int[] found() {
    return found;
  }

  private int add(int count, int pixel) {
    if (count == found.length) {
      found = Arrays.copyOf(found, 2 * count);
    }
    found[count] = pixel;
    return count + 1;
  }
}
