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
 * stream is cut into 32 KiB pages ({@link HeapPage}), each followed by a copy of the next page's
 * first long so a window never spans two arrays: one big array would be a G1 humongous object,
 * whose last region is wasted (half a MiB per substring on average).
 */
final class PackedPostings {
  private static final int PARAM_BITS = 5;
  private static final int MAX_PARAM = 30;
  private static final int PAGE_SHIFT =
      HeapPage.BYTES_SHIFT - 3; // longs per page: 32 KiB (HeapPage)
  static final int PAGE_WORDS = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_WORDS - 1;

  /**
   * Keys of a directory kept as one array: all 16-bit keys (2^16 + 1 ints, read without a page
   * lookup). Such an array does not tile a G1 region (4 MiB per index of 16 substrings, of which G1
   * cannot use about a quarter); the speed is worth that. Wider keys use pages of {@link HeapPage}
   * size.
   */
  private static final int FLAT_DIR_SHIFT = 16;

  static final int PAGED_DIR_SHIFT = HeapPage.BYTES_SHIFT - 2;

  /**
   * Postings per key from which 16-bit keys keep their flat directory: below, as in an index of
   * fewer than 262,144 hashes, the 4 bytes per key would cost more than the postings.
   */
  private static final int FLAT_DIR_POSTINGS = 4;

  /**
   * Byte offset of each key's list in the stream (an empty list has no bytes), in pages: page p
   * holds the offsets of keys {@code [p, p + 1] · 2^dirShift}, the last one shared with the next
   * page, so a key's start and end are in one page. Pages, not one array: the directory of a 19-bit
   * substring would be a 2 MiB humongous object, which wastes most of a G1 region.
   */
  private final int[][] starts;

  /**
   * The same offsets, compact, for wider keys when they fit: the offset of every 16th key's list in
   * {@code blockStarts}, and each key's offset from it in two bytes ({@code relStarts}, pages of
   * 2^14 + 1 chars, the last shared as in {@link #starts}). 2.25 bytes per key instead of 4: 22 MB
   * of a 10M-image node's 44. Null (and {@link #starts} used) for 16-bit keys with a few postings
   * each or more, or when 16 lists span 64 KiB or more (hundreds of postings a list).
   */
  private final int[] blockStarts;

  private final char[][] relStarts;
  private static final int BLOCK_SHIFT = 4;
  private static final int REL_SHIFT = HeapPage.BYTES_SHIFT - 1;
  private static final int REL_MASK = (1 << REL_SHIFT) - 1;
  private final int dirShift;
  private final int dirMask;

  /**
   * {@code starts[0]}, read straight for keys below {@code 2^dirShift} (all keys of 16-bit lists).
   */
  private final int[] firstStarts;

  /** The stream: page p holds longs {@code [p, p + 1] · PAGE_WORDS} (the last one shared). */
  private final long[][] pages;

  private final int postings;
  private final int maxCount;

  private PackedPostings(
      int[][] starts, int keys, int dirShift, long[][] pages, int postings, int maxCount) {
    this.dirShift = dirShift;
    this.dirMask = (1 << dirShift) - 1;
    // 16-bit keys keep the flat ints (one load a probe) once lists hold a few postings each; in a
    // smaller index the directory would outweigh the postings, so it is compacted as wider ones
    // are.
    boolean flat = dirShift == FLAT_DIR_SHIFT && postings >= (long) keys * FLAT_DIR_POSTINGS;
    int[] blocks = flat ? null : new int[(keys >>> BLOCK_SHIFT) + 1];
    char[][] rel = blocks == null ? null : new char[(keys >>> REL_SHIFT) + 1][];
    for (int k = 0; rel != null && k <= keys; k++) {
      int start = start(starts, dirShift, k);
      if ((k & ((1 << BLOCK_SHIFT) - 1)) == 0) {
        blocks[k >>> BLOCK_SHIFT] = start;
      }
      int offset = start - blocks[k >>> BLOCK_SHIFT];
      if (offset > Character.MAX_VALUE) {
        rel = null; // lists too long for two bytes: keep the int offsets
        break;
      }
      int p = k >>> REL_SHIFT;
      if (rel[p] == null) {
        rel[p] = new char[Math.min(1 << REL_SHIFT, keys - (p << REL_SHIFT)) + 1];
      }
      rel[p][k & REL_MASK] = (char) offset;
      if ((k & REL_MASK) == 0 && p > 0) {
        rel[p - 1][1 << REL_SHIFT] = (char) offset;
      }
    }
    this.blockStarts = rel == null ? null : blocks;
    this.relStarts = rel;
    this.starts = rel == null ? starts : null;
    this.firstStarts = rel == null ? starts[0] : null;
    this.pages = pages;
    this.postings = postings;
    this.maxCount = maxCount;
  }

  /** The offset of key k's list in directory pages of 2^dirShift (+ 1 shared) keys. */
  private static int start(int[][] starts, int dirShift, int k) {
    int p = k >>> dirShift;
    return p == starts.length ? starts[p - 1][1 << dirShift] : starts[p][k & ((1 << dirShift) - 1)];
  }

  /**
   * Packs the lists of a compressed-sparse-row layout: key k lists {@code slots[offsets[k] ..
   * offsets[k + 1])}, strictly ascending and non-negative, for {@code keys = offsets.length - 1}.
   */
  static PackedPostings pack(int[] offsets, int[] slots) {
    int keys = offsets.length - 1;
    Writer w = new Writer(keys);
    for (int k = 0; k < keys; k++) {
      w.add(k, slots, offsets[k], offsets[k + 1] - offsets[k]);
    }
    return w.finish();
  }

  /** Packs lists one key at a time, in ascending key order, straight into the pages. */
  static final class Writer {
    private final int keys;
    // The directory in its final pages from the start: one array of 2^19 keys would be a
    // humongous object, allocated again by every merge of a substring.
    private final int dirShift;
    private final int[][] starts;
    private long[][] pages = new long[0][];

    /** Next bit to write. */
    private long pos;

    private int nextKey;
    private int postings;
    private int maxCount;

    /** A writer for keys {@code [0, keys)}. */
    Writer(int keys) {
      this.keys = keys;
      this.dirShift = keys <= 1 << FLAT_DIR_SHIFT ? FLAT_DIR_SHIFT : PAGED_DIR_SHIFT;
      int dirMask = (1 << dirShift) - 1;
      this.starts = new int[Math.max(1, (keys + dirMask) >>> dirShift)][];
      for (int p = 0; p < starts.length; p++) {
        starts[p] = new int[Math.min(1 << dirShift, keys - (p << dirShift)) + 1];
      }
    }

    /**
     * Sets the start of keys {@code [from, to)} to {@code byteOffset} (in every page that holds
     * them).
     */
    private void setStarts(int from, int to, int byteOffset) {
      for (int k = from; k < to; k++) {
        int p = k >>> dirShift;
        int i = k & ((1 << dirShift) - 1);
        if (p < starts.length) { // key == keys on a page boundary is only the previous page's last
          starts[p][i] = byteOffset;
        }
        if (i == 0 && p > 0) {
          starts[p - 1][1 << dirShift] = byteOffset;
        }
      }
    }

    /**
     * Adds the list of {@code key} (above every key added before; keys skipped are empty): {@code
     * slots[from .. from + n)}, strictly ascending and non-negative.
     */
    void add(int key, int[] slots, int from, int n) {
      if (key < nextKey) {
        throw new IllegalArgumentException("keys must ascend: " + key + " after " + (nextKey - 1));
      }
      setStarts(nextKey, key + 1, (int) (pos >>> 3));
      nextKey = key + 1;
      if (n == 0) {
        return;
      }
      int r = bestParam(slots, from, n);
      put(r, PARAM_BITS);
      int z = 31 - Integer.numberOfLeadingZeros(n); // gamma: z zeros, a one, then z low bits of n
      pos += z;
      put(1, 1);
      put(n, z);
      long prev = -1;
      for (int i = from, end = from + n; i < end; i++) {
        long gap = slots[i] - prev - 1;
        prev = slots[i];
        long q = gap >>> r;
        if (q + 1 + r
            < 64) { // quotient zeros, stop bit and remainder in one write (no shift by 64)
          put(gap << (q + 1) | 1L << q, (int) q + 1 + r);
        } else {
          pos += q;
          put(1, 1);
          put(gap, r);
        }
      }
      pos = (pos + 7) & ~7L;
      if (pos >>> 3 > Integer.MAX_VALUE) {
        throw new IllegalStateException("posting lists over 2 GiB");
      }
      postings += n;
      maxCount = Math.max(maxCount, n);
    }

    /** The packed lists. */
    PackedPostings finish() {
      setStarts(nextKey, keys + 1, (int) (pos >>> 3));
      nextKey = keys + 1;
      int used = (int) ((pos + 63) >>> 6);
      int count = (used + PAGE_WORDS - 1) >>> PAGE_SHIFT;
      long[][] done = Arrays.copyOf(pages, count);
      for (int p = 0; p < count; p++) {
        // A long run of zeros may have skipped pages; the last page ends with the zero long a
        // window may read past the data.
        int length = Math.min(PAGE_WORDS, used - (p << PAGE_SHIFT)) + 1;
        done[p] =
            done[p] == null
                ? new long[length]
                : done[p].length == length ? done[p] : Arrays.copyOf(done[p], length);
      }
      return new PackedPostings(starts, keys, dirShift, done, postings, maxCount);
    }

    /** Writes the low {@code n} (≤ 64) bits of {@code value} at {@link #pos}. */
    private void put(long value, int n) {
      if (n == 0) {
        return;
      }
      value &= -1L >>> (64 - n);
      int i = (int) (pos >>> 6);
      int s = (int) pos & 63;
      or(i, value << s);
      if (s + n > 64) {
        or(i + 1, value >>> (64 - s));
      }
      pos += n;
    }

    private void or(int word, long bits) {
      int p = word >>> PAGE_SHIFT;
      if (p >= pages.length) {
        pages = Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
      }
      if (pages[p] == null) {
        pages[p] = new long[PAGE_WORDS + 1];
      }
      pages[p][word & PAGE_MASK] |= bits;
      if ((word & PAGE_MASK) == 0 && p > 0) { // the previous page's copy of this long
        if (pages[p - 1] == null) {
          pages[p - 1] = new long[PAGE_WORDS + 1];
        }
        pages[p - 1][PAGE_WORDS] |= bits;
      }
    }
  }

  /**
   * Writes the slots listed under {@code key} to {@code out[0 ..)}, ascending; returns how many.
   */
  int decode(int key, int[] out) {
    return decode(key, null, null, out, 0);
  }

  /**
   * Reads the directory entry and first word of the lists of {@code keys[0, n)}, returning a value
   * of no meaning. The loads are independent, so the CPU overlaps their cache misses; {@link
   * #decode} then finds them cached instead of waiting for each list in turn.
   */
  long touch(int[] keys, int n) {
    long sink = 0;
    for (int i = 0; i < n; i++) {
      int key = keys[i];
      int start;
      if (relStarts == null) {
        int[] dir = key <= dirMask ? firstStarts : starts[key >>> dirShift];
        start = dir[key & dirMask];
      } else {
        start = blockStarts[key >>> BLOCK_SHIFT] + relStarts[key >>> REL_SHIFT][key & REL_MASK];
      }
      int word = start >>> 3;
      long[][] w = pages;
      if (word >>> PAGE_SHIFT < w.length) { // an empty list may start past the last page
        long[] page = w[word >>> PAGE_SHIFT];
        sink += page[Math.min(word & PAGE_MASK, page.length - 1)];
      }
    }
    return sink;
  }

  /**
   * Appends to {@code out[at ..)} the slots listed under {@code key}, ascending, except those set
   * in {@code holes} and, if {@code seen} is given, those already set in it (the others are set);
   * returns the new end. {@code out} must have room for {@link #maxCount} slots past {@code at}.
   * Filtering here, not in a second loop, lets the bitsets' cache misses overlap the decoding.
   */
  int decode(int key, long[] holes, long[] seen, int[] out, int at) {
    // Measured through HTTP at 1M: a page lookup on every probe of 16-bit lists cost ~15 % of the
    // node's CPU per search; this branch is the same for every key of a substring.
    int start;
    int end;
    if (relStarts == null) {
      int[] dir = key <= dirMask ? firstStarts : starts[key >>> dirShift];
      int d = key & dirMask;
      start = dir[d];
      end = dir[d + 1];
    } else {
      char[] rel = relStarts[key >>> REL_SHIFT];
      int d = key & REL_MASK;
      start = blockStarts[key >>> BLOCK_SHIFT] + rel[d];
      end = blockStarts[(key + 1) >>> BLOCK_SHIFT] + rel[d + 1];
    }
    if (start == end) {
      return at;
    }
    long[][] w = pages;
    long pos = (long) start << 3;
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
      // Step to the next long when the posting starts there (it exists: the list goes on). A
      // quarter of the postings do, at random, so this is arithmetic rather than a branch.
      int step = s >>> 6;
      s &= 63;
      word += step;
      o += step;
      if (o == PAGE_WORDS) {
        page = w[word >>> PAGE_SHIFT];
        o = 0;
      }
      long keep = step - 1L; // all ones to keep w0, zero to take w1
      w0 = w0 & keep | w1 & ~keep;
      w1 = page[o + 1];
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
      int sl = (int) slot;
      if (holes != null && (holes[sl >>> 6] & 1L << sl) != 0) {
        continue;
      }
      at = seen == null ? put(out, at, sl) : appendIfUnseen(seen, out, at, sl);
    }
    return at;
  }

  /**
   * Appends {@code slot} at {@code out[at]} if its bit in {@code seen} was clear, and sets the bit;
   * returns the new end.
   */
  static int appendIfUnseen(long[] seen, int[] out, int at, int slot) {
    long bit = 1L << slot;
    long had = seen[slot >>> 6];
    // Branch-free: the slot is written either way and kept only if it was new.
    seen[slot >>> 6] = had | bit;
    out[at] = slot;
    return at + ((had & bit) == 0 ? 1 : 0);
  }

  private static int put(int[] out, int at, int slot) {
    out[at] = slot;
    return at + 1;
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
    long bytes = 0;
    if (relStarts == null) {
      for (int[] dir : starts) {
        bytes += dir.length * 4L;
      }
    } else {
      bytes += blockStarts.length * 4L;
      for (char[] rel : relStarts) {
        bytes += rel.length * 2L;
      }
    }
    for (long[] page : pages) {
      bytes += page.length * 8L;
    }
    return bytes;
  }

  /**
   * The Rice parameter with the fewer bits of the two around log2 of the mean gap (for geometric
   * gaps the best is one of them); checks that the slots ascend.
   */
  private static int bestParam(int[] slots, int from, int n) {
    // Gaps sum to last slot + 1 - n, so the mean needs no pass of its own.
    long sum = (long) slots[from + n - 1] + 1 - n;
    int hi = Math.min(MAX_PARAM, 63 - Long.numberOfLeadingZeros(Math.max(1, sum / n)));
    int lo = Math.max(0, hi - 1);
    long loBits = (long) n * lo;
    long hiBits = (long) n * hi;
    long prev = -1;
    for (int i = from, end = from + n; i < end; i++) {
      long gap = slots[i] - prev - 1;
      if (gap < 0) {
        throw new IllegalArgumentException(
            "slots of a list must ascend from 0: " + prev + ", " + slots[i]);
      }
      prev = slots[i];
      loBits += gap >>> lo;
      hiBits += gap >>> hi;
    }
    return loBits <= hiBits ? lo : hi;
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
