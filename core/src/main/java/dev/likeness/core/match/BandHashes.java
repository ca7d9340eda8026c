package dev.likeness.core.match;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.hash.PdqHasher;
import java.util.Arrays;
import java.util.List;

/**
 * PDQ hashes of three overlapping horizontal bands of a picture: its top, middle and bottom {@link
 * #HEIGHT}. A caption, a watermark strip or a banner laid across a copy changes the whole-image
 * hash, but leaves at least two of the bands as they were; two matching bands are the evidence of
 * such a copy. The bands are taken of the keypoint frame, which copies of any size share.
 *
 * @param bands the bands' hashes and qualities, top to bottom
 */
public record BandHashes(List<PdqHash> bands) {
  /** Number of bands. */
  public static final int COUNT = 3;

  /** Height of each band, as a share of the picture's height. */
  public static final double HEIGHT = 0.45;

  /** Smallest picture height with bands, in pixels: below it a band is a few rows of PDQ input. */
  public static final int MIN_HEIGHT = 32;

  /** The dihedral form a match of the mirrored bands reports. */
  static final Dihedral MIRROR = Dihedral.FLIP_Y;

  public BandHashes {
    if (bands.size() != COUNT) {
      throw new IllegalArgumentException("expected " + COUNT + " band hashes, got " + bands.size());
    }
    bands = List.copyOf(bands);
  }

  /**
   * How two pictures' bands compare: the larger distance of their two closest bands, and their
   * lower quality.
   */
  public record Comparison(int distance, int quality) {}

  /**
   * The bands of {@code picture} and of its left-right mirror; null when it is under {@link
   * #MIN_HEIGHT}.
   */
  public static BandHashes[] plainAndMirrored(LumaImage picture, PdqHasher hasher) {
    if (picture.height() < MIN_HEIGHT) {
      return null;
    }
    // The mirror is hashed, not taken from the DCT's dihedral forms: PDQ's box filters are not
    // symmetric, and on a band the derived form can be some 20 bits off the mirror's own hash.
    return new BandHashes[] {of(picture, hasher), of(mirrored(picture), hasher)};
  }

  private static LumaImage mirrored(LumaImage picture) {
    int w = picture.width();
    float[] in = picture.luma();
    float[] out = new float[in.length];
    for (int y = 0; y < picture.height(); y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        out[row + x] = in[row + w - 1 - x];
      }
    }
    return new LumaImage(out, w, picture.height());
  }

  /** The bands of {@code picture}; null when it is under {@link #MIN_HEIGHT}. */
  public static BandHashes of(LumaImage picture, PdqHasher hasher) {
    if (picture.height() < MIN_HEIGHT) {
      return null;
    }
    PdqHash[] plain = new PdqHash[COUNT];
    for (int i = 0; i < COUNT; i++) {
      plain[i] = hasher.hash(band(picture, i));
    }
    return new BandHashes(Arrays.asList(plain));
  }

  /** Band {@code i} (0 = top) of {@code picture}, copied. */
  static LumaImage band(LumaImage picture, int i) {
    int w = picture.width();
    int h = picture.height();
    int rows = (int) Math.round(HEIGHT * h);
    // Evenly spaced: the top band starts at 0, the bottom one ends at h.
    int top = (int) Math.round(i * (h - rows) / (double) (COUNT - 1));
    return new LumaImage(Arrays.copyOfRange(picture.luma(), top * w, (top + rows) * w), w, rows);
  }

  /**
   * Compares band by band: an overlay may cover any one band, so the score is that of the second
   * best band (both of the two best must match).
   */
  public Comparison compare(BandHashes other) {
    int[] d = new int[COUNT];
    Integer[] order = new Integer[COUNT];
    for (int i = 0; i < COUNT; i++) {
      Hash256 a = bands.get(i).hash();
      d[i] = a.distance(other.bands.get(i).hash());
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Integer.compare(d[x], d[y]));
    int quality = 100;
    for (int k = 0; k < 2; k++) {
      int i = order[k];
      quality = Math.min(quality, Math.min(bands.get(i).quality(), other.bands.get(i).quality()));
    }
    return new Comparison(d[order[1]], quality);
  }
}
