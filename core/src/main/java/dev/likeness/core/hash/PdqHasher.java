package dev.likeness.core.hash;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.hash.PdqHashes;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The PDQ perceptual hash (facebook/ThreatExchange {@code pdq/}): luminance, Jarosz tent blur,
 * 64×64 decimation, 16×16 low-frequency DCT, one bit per coefficient above the median, plus a
 * gradient-based quality score.
 *
 * <p>Stateless and thread-safe: every call allocates its own buffers, about {@code (height / 128 +
 * 6) * width + 65 * height} floats (about 1.3 MB for 12 MP), never a full-size copy of the image.
 */
public final class PdqHasher {
  private static final int DIM = JaroszFilter.OUT;

  /** Hash and quality of {@code image} as it is (EXIF orientation is the caller's business). */
  public PdqHash hash(BufferedImage image) {
    return hash(LumaExtractor.rows(image));
  }

  /** Hash and quality of a luminance plane. */
  public PdqHash hash(LumaImage luma) {
    return hash(LumaRows.of(luma));
  }

  /** The hashes of all eight dihedral forms of {@code image}, from a single DCT. */
  public PdqHashes hashAllForms(BufferedImage image) {
    return hashAllForms(LumaExtractor.rows(image));
  }

  /** The hashes of all eight dihedral forms of a luminance plane, from a single DCT. */
  public PdqHashes hashAllForms(LumaImage luma) {
    return hashAllForms(LumaRows.of(luma));
  }

  private static PdqHash hash(LumaRows rows) {
    float[] block = JaroszFilter.downsample(rows);
    return new PdqHash(bits(Dct16.transform(block)), quality(block));
  }

  private static PdqHashes hashAllForms(LumaRows rows) {
    float[] block = JaroszFilter.downsample(rows);
    float[] dct = Dct16.transform(block);
    List<Hash256> forms = new ArrayList<>(Dihedral.values().length);
    for (Dihedral form : Dihedral.values()) {
      forms.add(bits(Dct16.dihedral(dct, form)));
    }
    return new PdqHashes(forms, quality(block));
  }

  /** Bit {@code 16 i + j} is set when coefficient (i, j) exceeds the median coefficient. */
  static Hash256 bits(float[] coefficients) {
    float[] sorted = coefficients.clone();
    Arrays.sort(sorted);
    // The lower median (the 128th smallest of 256), as the reference's Torben median returns.
    float median = sorted[sorted.length / 2 - 1];
    long[] words = new long[Hash256.WORDS];
    for (int k = 0; k < coefficients.length; k++) {
      if (coefficients[k] > median) {
        words[k >>> 6] |= 1L << (k & 63);
      }
    }
    return Hash256.ofWords(words);
  }

  /**
   * The reference's heuristic: the sum of vertical and horizontal neighbour differences of the
   * 64×64 block, each as a truncated percentage of full scale, divided by 90 and capped at 100.
   * Flat or tiny images score low, meaning their hash is not a reliable match.
   */
  static int quality(float[] block) {
    int gradientSum = 0;
    for (int i = 0; i < DIM - 1; i++) {
      for (int j = 0; j < DIM; j++) {
        gradientSum +=
            Math.abs((int) (((block[i * DIM + j] - block[(i + 1) * DIM + j]) * 100) / 255));
      }
    }
    for (int i = 0; i < DIM; i++) {
      for (int j = 0; j < DIM - 1; j++) {
        gradientSum +=
            Math.abs((int) (((block[i * DIM + j] - block[i * DIM + j + 1]) * 100) / 255));
      }
    }
    return Math.min(100, gradientSum / 90);
  }
}
