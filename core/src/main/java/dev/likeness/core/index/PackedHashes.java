package dev.likeness.core.index;

import dev.likeness.core.hash.Hash256;
import java.util.Arrays;

/**
 * 256-bit hashes packed four longs per slot in fixed-size pages. Pages (not one big array) so
 * growth never copies the whole store nor leaves up to half of it as spare capacity: the slack is
 * at most one page. Not thread-safe; {@link HammingIndex} guards it.
 */
final class PackedHashes {
  /**
   * Slots per page: 256 KiB of longs, under half a G1 region so pages are never humongous objects
   * (a 2 MiB array plus its header would occupy three 1 MiB regions, wasting a third).
   */
  static final int PAGE_SHIFT = 13;
  static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_SLOTS - 1;
  private static final int WORDS = Hash256.WORDS;
  private static final int FIRST_PAGE_SLOTS = 64;

  private long[][] pages = new long[0][];
  private int size;

  /** Number of stored hashes. */
  int size() {
    return size;
  }

  /** Appends a hash and returns its slot. */
  int append(Hash256 hash) {
    int slot = size;
    ensureSlot(slot);
    size++;
    set(slot, hash);
    return slot;
  }

  /** Overwrites the hash at {@code slot}. */
  void set(int slot, Hash256 hash) {
    long[] page = pages[slot >>> PAGE_SHIFT];
    int base = (slot & PAGE_MASK) * WORDS;
    for (int w = 0; w < WORDS; w++) {
      page[base + w] = hash.word(w);
    }
  }

  /** Word {@code w} of the hash at {@code slot}. */
  long word(int slot, int w) {
    return pages[slot >>> PAGE_SHIFT][(slot & PAGE_MASK) * WORDS + w];
  }

  /** Scores the hash at {@code slot} (one page lookup for the four words). */
  void score(int slot, CandidateScorer scorer) {
    long[] page = pages[slot >>> PAGE_SHIFT];
    int b = (slot & PAGE_MASK) * WORDS;
    scorer.score(slot, page[b], page[b + 1], page[b + 2], page[b + 3]);
  }

  /**
   * Copies the hashes of {@code slots[from..from+n)} into {@code words} (four per slot). The loop has no
   * dependency between iterations, so the CPU overlaps the cache misses of many random slots
   * instead of waiting for each one while it scores the previous.
   */
  void gather(int[] slots, int from, int n, long[] words) {
    for (int i = 0, o = 0; i < n; i++, o += WORDS) {
      int slot = slots[from + i];
      long[] page = pages[slot >>> PAGE_SHIFT];
      int b = (slot & PAGE_MASK) * WORDS;
      words[o] = page[b];
      words[o + 1] = page[b + 1];
      words[o + 2] = page[b + 2];
      words[o + 3] = page[b + 3];
    }
  }

  /** Copies the hash at {@code from} over {@code to}. */
  void copy(int from, int to) {
    System.arraycopy(pages[from >>> PAGE_SHIFT], (from & PAGE_MASK) * WORDS,
        pages[to >>> PAGE_SHIFT], (to & PAGE_MASK) * WORDS, WORDS);
  }

  /** Drops the last slot, releasing its page when the page becomes empty. */
  void removeLast() {
    size--;
    int neededPages = (size + PAGE_SLOTS - 1) >>> PAGE_SHIFT;
    // Keep one empty page as hysteresis so put/remove at a page boundary doesn't thrash.
    if (pages.length > neededPages + 1) {
      pages = Arrays.copyOf(pages, neededPages + 1);
    }
  }

  /** Removes everything and frees the pages. */
  void clear() {
    pages = new long[0][];
    size = 0;
  }

  /** The page array backing slots {@code [p * PAGE_SLOTS, (p + 1) * PAGE_SLOTS)}, for scans. */
  long[] page(int p) {
    return pages[p];
  }

  /** Bytes of heap held by the hash arrays (without array headers). */
  long capacityBytes() {
    long bytes = 0;
    for (long[] page : pages) {
      bytes += page.length * 8L;
    }
    return bytes;
  }

  private void ensureSlot(int slot) {
    int p = slot >>> PAGE_SHIFT;
    if (p >= pages.length) {
      pages = Arrays.copyOf(pages, p + 1);
    }
    long[] page = pages[p];
    int need = ((slot & PAGE_MASK) + 1) * WORDS;
    if (page == null || page.length < need) {
      // Only the first page of a small index grows gradually; later pages are allocated full.
      int cap = p == 0 ? Math.max(FIRST_PAGE_SLOTS * WORDS, page == null ? 0 : page.length * 2) : PAGE_SLOTS * WORDS;
      cap = Math.min(Math.max(cap, need), PAGE_SLOTS * WORDS);
      pages[p] = page == null ? new long[cap] : Arrays.copyOf(page, cap);
    }
  }
}
