package dev.likeness.core.index;

/**
 * id → slot: an open-addressing (linear probing) table of int cells holding {@code slot + 1}
 * (0 = empty). Keys are not stored here; a probe compares against the id bytes in the
 * {@link IdArena} through the slot's ref, so a mapping costs one int cell (≈ 5–11 bytes per entry
 * at load 0.375–0.75) instead of a HashMap node, boxed Integer and String. Deletion shifts later
 * cells back (no tombstones), so churn never degrades probes. Not thread-safe.
 */
final class SlotTable {
  private static final int MIN_CAPACITY = 16;

  private final IdArena arena;
  private final PagedInts refs;
  private int[] cells = new int[MIN_CAPACITY];
  private int mask = MIN_CAPACITY - 1;
  private int count;

  SlotTable(IdArena arena, PagedInts refs) {
    this.arena = arena;
    this.refs = refs;
  }

  /** The slot of the id {@code key} (hash {@code h}), or -1. */
  int find(byte[] key, int h) {
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int c = cells[i];
      if (c == 0) {
        return -1;
      }
      if (arena.equalsKey(refs.get(c - 1), key)) {
        return c - 1;
      }
    }
  }

  /** Adds {@code slot}, whose id hashes to {@code h} and is known to be absent. */
  void insert(int slot, int h) {
    if ((count + 1) * 4L > cells.length * 3L) {
      resize(cells.length * 2);
    }
    place(slot, h);
    count++;
  }

  /** Removes {@code slot}, whose id hashes to {@code h}. */
  void delete(int slot, int h) {
    int i = cellOf(slot, h);
    // Backward-shift deletion: pull up every later cell of the run that may live at i.
    for (int j = (i + 1) & mask; cells[j] != 0; j = (j + 1) & mask) {
      int home = keyHash(cells[j] - 1) & mask;
      boolean homeInGap = i <= j ? (home <= i || home > j) : (home <= i && home > j);
      if (homeInGap) {
        cells[i] = cells[j];
        i = j;
      }
    }
    cells[i] = 0;
    count--;
    if (cells.length > MIN_CAPACITY && count * 8L < cells.length) {
      resize(cells.length / 2);
    }
  }

  /** Points the entry of {@code from} (id hash {@code h}) at {@code to}. */
  void relabel(int from, int to, int h) {
    cells[cellOf(from, h)] = to + 1;
  }

  /** Number of mappings. */
  int count() {
    return count;
  }

  /** Number of cells. */
  int capacity() {
    return cells.length;
  }

  /** Frees everything. */
  void clear() {
    cells = new int[MIN_CAPACITY];
    mask = MIN_CAPACITY - 1;
    count = 0;
  }

  private int cellOf(int slot, int h) {
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int c = cells[i];
      if (c == slot + 1) {
        return i;
      }
      if (c == 0) {
        throw new IllegalStateException("slot " + slot + " not in table");
      }
    }
  }

  private void place(int slot, int h) {
    int i = h & mask;
    while (cells[i] != 0) {
      i = (i + 1) & mask;
    }
    cells[i] = slot + 1;
  }

  private int keyHash(int slot) {
    return arena.hash(refs.get(slot));
  }

  private void resize(int capacity) {
    int[] old = cells;
    cells = new int[capacity];
    mask = capacity - 1;
    for (int c : old) {
      if (c != 0) {
        place(c - 1, keyHash(c - 1));
      }
    }
  }
}
