package dev.likeness.core.index;

import java.util.Arrays;

/**
 * How multi-index hashing cuts a 256-bit hash into substrings: substring t is bits {@code
 * [start(t), start(t) + width(t))}, least significant word first. Fewer, wider substrings give far
 * fewer candidates per query (each list is shorter) but need two-bit neighbour probes and a larger
 * list directory, so the index picks the layout by its size.
 */
final class Substrings {
  /**
   * Sixteen substrings of 16 bits: radius ≤ 31 needs one-bit probes at most, 48 three; a 4 MiB
   * directory.
   */
  static final Substrings SIXTEEN =
      of(16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16);

  /**
   * Fourteen substrings, four of 19 bits then ten of 18: at radius 31 the four wide ones are probed
   * to two bits and the others to one, for about half the candidates of {@link #SIXTEEN} past a few
   * million entries; the directory is 18 MiB.
   */
  static final Substrings FOURTEEN = of(19, 19, 19, 19, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18);

  private final int[] width;
  private final int[] word;
  private final int[] shift;
  private final boolean[] spans;

  private Substrings(int[] width) {
    this.width = width;
    this.word = new int[width.length];
    this.shift = new int[width.length];
    this.spans = new boolean[width.length];
    int start = 0;
    for (int t = 0; t < width.length; t++) {
      if (width[t] < 1 || width[t] > 24) {
        throw new IllegalArgumentException("substring widths must be 1..24 bits");
      }
      word[t] = start >>> 6;
      shift[t] = start & 63;
      spans[t] = shift[t] + width[t] > 64;
      start += width[t];
    }
    if (start != 256) {
      throw new IllegalArgumentException("substrings must cover 256 bits, not " + start);
    }
  }

  /** A layout of the given widths, in order. */
  static Substrings of(int... widths) {
    return new Substrings(widths.clone());
  }

  /** Number of substrings. */
  int count() {
    return width.length;
  }

  /** Width of substring {@code t} in bits. */
  int width(int t) {
    return width[t];
  }

  /** Number of values substring {@code t} takes. */
  int keys(int t) {
    return 1 << width[t];
  }

  /** The value of substring {@code t} of the hash whose words are {@code h0..h3}. */
  int key(long h0, long h1, long h2, long h3, int t) {
    int i = word[t];
    long v = pick(h0, h1, h2, h3, i) >>> shift[t];
    if (spans[t]) {
      v |= pick(h0, h1, h2, h3, i + 1) << (64 - shift[t]);
    }
    return (int) v & ((1 << width[t]) - 1);
  }

  /** The value of substring {@code t} of the hash stored at {@code slot}. */
  int key(PackedHashes hashes, int slot, int t) {
    int i = word[t];
    long v = hashes.word(slot, i) >>> shift[t];
    if (spans[t]) {
      v |= hashes.word(slot, i + 1) << (64 - shift[t]);
    }
    return (int) v & ((1 << width[t]) - 1);
  }

  private static long pick(long h0, long h1, long h2, long h3, int i) {
    return switch (i) {
      case 0 -> h0;
      case 1 -> h1;
      case 2 -> h2;
      default -> h3;
    };
  }

  @Override
  public String toString() {
    return width.length + " substrings " + Arrays.toString(width);
  }
}
