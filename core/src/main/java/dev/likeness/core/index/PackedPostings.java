package dev.likeness.core.index;

import java.util.Arrays;

/**
 * Immutable inverted lists of slots under 16-bit keys, each list ascending and Rice-coded: the gaps
 * between consecutive slots (less one) are split into a unary quotient and {@code r} low bits, with
 * {@code r} chosen per list. Slots spread evenly over a 16-bit key space sit ~65,536 apart whatever
 * the index size, so a posting costs ~17.6 bits instead of a 32-bit int.
 *
 * <p>Layout: one bit stream (least significant bit first in each long) in which every non-empty
 * list starts on a byte boundary, with a byte offset per key. A list is a 5-bit {@code r}, its
 * length in Elias gamma code, then its gaps. Lists are read front to back only; a one-long window
 * holds a typical posting, so decoding one costs a shift or two and a trailing-zero count. The
 * stream is cut into 256 KiB pages, each followed by a copy of the next page's first long so a
 * window never spans two arrays: one big array would be a G1 humongous object, whose last region
 * is wasted (half a MiB per substring on average).
 */
final class PackedPostings {
  private static final int PARAM_BITS = 5;
  private static final int MAX_PARAM = 30;
  private static final int PAGE_SHIFT = 15; // longs per page: 256 KiB
  private static final int PAGE_WORDS = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_WORDS - 1;

  /** Byte offset of each key's list in the stream; an empty list has no bytes. */
  private final int[] starts;
  /** The stream: page p holds longs {@code [p, p + 1] · PAGE_WORDS} (the last one shared). */
  private final long[][] pages;
  private final int postings;
  private final int maxCount;

  private PackedPostings(int[] starts, long[][] pages, int postings, int maxCount) {
    this.starts = starts;
    this.pages = pages;
    this.postings = postings;
    this.maxCount = maxCount;
  }

  /**
   * Packs the lists of a compressed-sparse-row layout: key k lists {@code slots[offsets[k] ..
   * offsets[k + 1])}, strictly ascending and non-negative, for {@code keys = offsets.length - 1}.
   */
  static PackedPostings pack(int[] offsets, int[] slots) {
    int keys = offsets.length - 1;
    byte[] params = new byte[keys];
    long bytes = 0;
    int maxCount = 0;
    for (int k = 0; k < keys; k++) {
      int from = offsets[k];
      int n = offsets[k + 1] - from;
      maxCount = Math.max(maxCount, n);
      for (int i = from, prev = -1; i < from + n; prev = slots[i++]) {
        if (slots[i] <= prev) {
          throw new IllegalArgumentException("slots of a list must ascend from 0: " + prev + ", " + slots[i]);
        }
      }
      if (n > 0) {
        int r = bestParam(slots, from, n);
        params[k] = (byte) r;
        bytes += (listBits(slots, from, n, r) + 7) >>> 3;
      }
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalStateException("posting lists over 2 GiB");
    }
    int[] starts = new int[keys + 1];
    long[] words = new long[(int) ((bytes + 7) >>> 3) + 1];
    long pos = 0;
    for (int k = 0; k < keys; k++) {
      starts[k] = (int) (pos >>> 3);
      int from = offsets[k];
      int n = offsets[k + 1] - from;
      if (n == 0) {
        continue;
      }
      int r = params[k];
      pos = put(words, pos, r, PARAM_BITS);
      int z = 31 - Integer.numberOfLeadingZeros(n); // gamma: z zeros, a one, then z low bits of n
      pos = put(words, pos + z, 1, 1);
      pos = put(words, pos, n, z);
      int prev = -1;
      for (int i = from, end = from + n; i < end; i++) {
        long gap = (long) slots[i] - prev - 1;
        prev = slots[i];
        pos = put(words, pos + (gap >>> r), 1, 1);
        pos = put(words, pos, gap, r);
      }
      pos = (pos + 7) & ~7L;
    }
    starts[keys] = (int) (pos >>> 3);
    int used = (int) ((pos + 63) >>> 6);
    long[][] pages = new long[(used + PAGE_WORDS - 1) >>> PAGE_SHIFT][];
    for (int p = 0; p < pages.length; p++) {
      int from = p << PAGE_SHIFT;
      // copyOfRange pads with zeros: the last page ends with the zero long a window may read.
      pages[p] = Arrays.copyOfRange(words, from, Math.min(from + PAGE_WORDS, used) + 1);
    }
    return new PackedPostings(starts, pages, offsets[keys] - offsets[0], maxCount);
  }

  /**
   * Writes the slots listed under {@code key} to {@code out[0 ..)}, ascending; returns how many
   * ({@code out} must hold {@link #maxCount} slots).
   */
  int decode(int key, int[] out) {
    if (starts[key] == starts[key + 1]) {
      return 0;
    }
    long[][] w = pages;
    long pos = (long) starts[key] << 3;
    int r = (int) bits(w, pos, PARAM_BITS);
    pos += PARAM_BITS;
    int z = unary(w, pos);
    pos += z + 1;
    int n = (int) (1L << z | bits(w, pos, z));
    pos += z;
    long mask = (1L << r) - 1;
    long slot = -1;
    // The current long and the next are kept in registers and loaded ahead, so the only chain
    // from one posting to the next is shift, trailing-zero count and add, not an array read.
    int word = (int) (pos >>> 6);
    int s = (int) pos & 63;
    long[] page = w[word >>> PAGE_SHIFT];
    int o = word & PAGE_MASK;
    long w0 = page[o];
    long w1 = page[o + 1];
    for (int i = 0; i < n; i++) {
      if (s >= 64) { // the posting starts in the next long (which exists: the list goes on)
        s -= 64;
        word++;
        if (++o == PAGE_WORDS) {
          page = w[word >>> PAGE_SHIFT];
          o = 0;
        }
        w0 = w1;
        w1 = page[o + 1];
      }
      long window = w0 >>> s | (w1 << 1) << (63 - s);
      int q = Long.numberOfTrailingZeros(window);
      long gap;
      if (q + 1 + r <= 64) { // the common case: quotient, stop bit and remainder in one window
        gap = (long) q << r | (window >>> q >>> 1) & mask;
        s += q + 1 + r;
      } else { // a quotient of 64 bits or more: read it bit-position by bit-position
        pos = ((long) word << 6) + s;
        q = unary(w, pos);
        pos += q + 1;
        gap = (long) q << r | bits(w, pos, r);
        pos += r;
        if (i + 1 < n) {
          word = (int) (pos >>> 6);
          s = (int) pos & 63;
          page = w[word >>> PAGE_SHIFT];
          o = word & PAGE_MASK;
          w0 = page[o];
          w1 = page[o + 1];
        }
      }
      slot += gap + 1;
      out[i] = (int) slot;
    }
    return n;
  }

  /** Total postings. */
  int postings() {
    return postings;
  }

  /** Length of the longest list. */
  int maxCount() {
    return maxCount;
  }

  /** Bytes of heap held by the arrays (without array headers). */
  long capacityBytes() {
    long bytes = starts.length * 4L;
    for (long[] page : pages) {
      bytes += page.length * 8L;
    }
    return bytes;
  }

  /** The Rice parameter with the fewest bits for the list, searched around log2 of the mean gap. */
  private static int bestParam(int[] slots, int from, int n) {
    // Gaps sum to last slot + 1 - n, so the mean needs no pass of its own.
    long sum = (long) slots[from + n - 1] + 1 - n;
    int guess = 63 - Long.numberOfLeadingZeros(Math.max(1, sum / n));
    int best = 0;
    long bestBits = Long.MAX_VALUE;
    for (int r = Math.max(0, guess - 2); r <= Math.min(MAX_PARAM, guess + 1); r++) {
      long b = listBits(slots, from, n, r);
      if (b < bestBits) {
        bestBits = b;
        best = r;
      }
    }
    return best;
  }

  /** Bits of a list (header and gaps) with Rice parameter {@code r}. */
  private static long listBits(int[] slots, int from, int n, int r) {
    int z = 31 - Integer.numberOfLeadingZeros(n);
    long bits = PARAM_BITS + 2L * z + 1 + (long) n * (r + 1);
    int prev = -1;
    for (int i = from, end = from + n; i < end; i++) {
      bits += ((long) slots[i] - prev - 1) >>> r;
      prev = slots[i];
    }
    return bits;
  }

  /** Writes the low {@code n} (≤ 64) bits of {@code value} at bit {@code pos}; returns the end. */
  private static long put(long[] words, long pos, long value, int n) {
    if (n == 0) {
      return pos;
    }
    value &= -1L >>> (64 - n);
    int i = (int) (pos >>> 6);
    int s = (int) pos & 63;
    words[i] |= value << s;
    if (s + n > 64) {
      words[i + 1] |= value >>> (64 - s);
    }
    return pos + n;
  }

  /** The 64 bits from bit {@code pos} on. */
  private static long window(long[][] pages, long pos) {
    int i = (int) (pos >>> 6);
    long[] page = pages[i >>> PAGE_SHIFT];
    int o = i & PAGE_MASK;
    int s = (int) pos & 63;
    // (x << 1) << (63 - s) is x << (64 - s) that also yields 0 for s = 0.
    return page[o] >>> s | (page[o + 1] << 1) << (63 - s);
  }

  /** The {@code n} (≤ 64) bits from bit {@code pos} on. */
  private static long bits(long[][] pages, long pos, int n) {
    return n == 0 ? 0 : window(pages, pos) & (-1L >>> (64 - n));
  }

  /** Number of zero bits from {@code pos} to the next one bit. */
  private static int unary(long[][] pages, long pos) {
    int q = 0;
    long window;
    while ((window = window(pages, pos)) == 0) {
      q += 64;
      pos += 64;
    }
    return q + Long.numberOfTrailingZeros(window);
  }
}
