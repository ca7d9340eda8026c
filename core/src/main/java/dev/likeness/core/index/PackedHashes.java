package dev.likeness.core.index;

import dev.likeness.contract.hash.Hash256;
import java.util.Arrays;

/**
 * 256-bit hashes packed four longs per slot in fixed-size pages. Pages (not one big array) so
 * growth never copies the whole store nor leaves up to half of it as spare capacity: the slack is
 * at most one page. Not thread-safe; {@link HammingIndex} guards it.
 */
final class PackedHashes {
  /**
   * Slots per page: one short of 2^13, so that a page with its header is at most 256 KiB and four
   * tile a G1 region ({@link HeapPage}). Not smaller: a one-form scan of 5M hashes took 15.7 ms CPU
   * in 32 KiB pages against 10.3 ms in these (likely because small pages lie scattered among the
   * ids and refs allocated beside them).
   */
  static final int PAGE_SLOTS = (1 << 13) - 1;

  /**
   * {@code slot / PAGE_SLOTS} is {@code slot * PAGE_MAGIC >>> 44} for every non-negative int
   * (checked exhaustively): a multiplication. With {@code /} and {@code %}, multi-index searches
   * took 15–30 % more CPU in interleaved IndexProbe runs at 5M entries.
   */
  private static final long PAGE_MAGIC = 2147745825L;

  private static final int MAGIC_SHIFT = 44;
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
    long[] page = pages[pageOf(slot)];
    int base = indexInPage(slot) * WORDS;
    for (int w = 0; w < WORDS; w++) {
      page[base + w] = hash.word(w);
    }
  }

  /** Word {@code w} of the hash at {@code slot}. */
  long word(int slot, int w) {
    return pages[pageOf(slot)][indexInPage(slot) * WORDS + w];
  }

  /** Scores the hash at {@code slot} (one page lookup for the four words). */
  void score(int slot, CandidateScorer scorer) {
    long[] page = pages[pageOf(slot)];
    int b = indexInPage(slot) * WORDS;
    scorer.score(slot, page[b], page[b + 1], page[b + 2], page[b + 3]);
  }

  /**
   * Copies the hashes of {@code slots[from..from+n)} into {@code words} (four per slot). The loop
   * has no dependency between iterations, so the CPU overlaps the cache misses of many random slots
   * instead of waiting for each one while it scores the previous.
   */
  void gather(int[] slots, int from, int n, long[] words) {
    for (int i = 0, o = 0; i < n; i++, o += WORDS) {
      int slot = slots[from + i];
      long[] page = pages[pageOf(slot)];
      int b = indexInPage(slot) * WORDS;
      words[o] = page[b];
      words[o + 1] = page[b + 1];
      words[o + 2] = page[b + 2];
      words[o + 3] = page[b + 3];
    }
  }

  /** Copies the hash at {@code from} over {@code to}. */
  void copy(int from, int to) {
    System.arraycopy(
        pages[pageOf(from)],
        indexInPage(from) * WORDS,
        pages[pageOf(to)],
        indexInPage(to) * WORDS,
        WORDS);
  }

  /** Drops the last slot, releasing its page when the page becomes empty. */
  void removeLast() {
    size--;
    int neededPages = (size + PAGE_SLOTS - 1) / PAGE_SLOTS;
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

  /** The page of {@code slot}: {@code slot / PAGE_SLOTS}. */
  static int pageOf(int slot) {
    return (int) (slot * PAGE_MAGIC >>> MAGIC_SHIFT);
  }

  /** The index of {@code slot} within its page: {@code slot % PAGE_SLOTS}. */
  static int indexInPage(int slot) {
    return slot - pageOf(slot) * PAGE_SLOTS;
  }

  private void ensureSlot(int slot) {
    int p = pageOf(slot);
    if (p >= pages.length) {
      pages = Arrays.copyOf(pages, p + 1);
    }
    long[] page = pages[p];
    int need = (indexInPage(slot) + 1) * WORDS;
    if (page == null || page.length < need) {
      // Only the first page of a small index grows gradually; later pages are allocated full.
      int cap =
          p == 0
              ? Math.max(FIRST_PAGE_SLOTS * WORDS, page == null ? 0 : page.length * 2)
              : PAGE_SLOTS * WORDS;
      cap = Math.min(Math.max(cap, need), PAGE_SLOTS * WORDS);
      pages[p] = page == null ? new long[cap] : Arrays.copyOf(page, cap);
    }
  }
}
