package dev.likeness.core.index;

import java.util.Arrays;

/** A growable int column in fixed-size pages (slack of at most one page, no whole-array copies). */
final class PagedInts {
  private static final int PAGE_SHIFT = HeapPage.BYTES_SHIFT - 2; // 32 KiB pages (HeapPage)
  static final int PAGE_SIZE = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  private static final int FIRST_PAGE = 64;

  private int[][] pages = new int[0][];

  /** The value at {@code i}. */
  int get(int i) {
    return pages[i >>> PAGE_SHIFT][i & PAGE_MASK];
  }

  /** Sets the value at {@code i}, growing as needed. */
  void set(int i, int value) {
    int p = i >>> PAGE_SHIFT;
    if (p >= pages.length) {
      pages = Arrays.copyOf(pages, p + 1);
    }
    int[] page = pages[p];
    int need = (i & PAGE_MASK) + 1;
    if (page == null || page.length < need) {
      int cap = p == 0 ? Math.max(FIRST_PAGE, page == null ? 0 : page.length * 2) : PAGE_SIZE;
      cap = Math.min(Math.max(cap, need), PAGE_SIZE);
      pages[p] = page = page == null ? new int[cap] : Arrays.copyOf(page, cap);
    }
    page[i & PAGE_MASK] = value;
  }

  /** Frees pages past the first {@code size} values (keeping one spare page). */
  void trim(int size) {
    int needed = (size + PAGE_SIZE - 1) >>> PAGE_SHIFT;
    if (pages.length > needed + 1) {
      pages = Arrays.copyOf(pages, needed + 1);
    }
  }

  /** Frees everything. */
  void clear() {
    pages = new int[0][];
  }

  /** Bytes of heap held by the value arrays (without array headers). */
  long capacityBytes() {
    long bytes = 0;
    for (int[] page : pages) {
      bytes += page.length * 4L;
    }
    return bytes;
  }
}
