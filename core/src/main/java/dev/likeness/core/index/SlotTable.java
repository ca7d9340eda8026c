package dev.likeness.core.index;

/**
 * id → slot: an open-addressing (linear probing) table of int cells, each holding {@code slot + 1}
 * in its low bits and a tag of the id's hash in the bits that the slot does not need (0 = empty).
 * Keys are not stored here; a probe whose tag matches compares against the id bytes in the
 * {@link IdArena} through the slot's ref, so a mapping costs one int cell instead of a HashMap
 * node, boxed Integer and String. The tags spare most of those compares (each a cache miss or
 * two), which lets the table fill to 7/8; capacities step by 1.5× and 4/3× (16, 24, 32, 48, ...),
 * so a cell costs 4.6–6.9 bytes per entry while it grows (load 0.58–0.875) where doubling at 3/4
 * costs 5.3–10.7.
 * Deletion shifts later cells back (no tombstones), so churn never degrades probes. Slots must
 * stay below the number of mappings (they are dense). Not thread-safe.
 */
final class SlotTable {
  private static final int MIN_CAPACITY = 16;

  private final IdArena arena;
  private final PagedInts refs;
  private int[] cells;
  /** Low bits of a cell holding {@code slot + 1}; the bits above hold the tag. */
  private int slotBits;
  private int count;

  SlotTable(IdArena arena, PagedInts refs) {
    this.arena = arena;
    this.refs = refs;
    allocate(MIN_CAPACITY);
  }

  /** The slot of the id {@code key} (hash {@code h}), or -1. */
  int find(byte[] key, int h) {
    int tag = tag(h);
    for (int i = home(h); ; i = next(i)) {
      int c = cells[i];
      if (c == 0) {
        return -1;
      }
      if (c >>> slotBits == tag && arena.equalsKey(refs.get(slotOf(c)), key)) {
        return slotOf(c);
      }
    }
  }

  /** Adds {@code slot}, whose id hashes to {@code h} and is known to be absent. */
  void insert(int slot, int h) {
    if ((count + 1) * 8L > cells.length * 7L) {
      resize(Integer.bitCount(cells.length) == 1 ? cells.length / 2 * 3 : cells.length / 3 * 4);
    }
    place(slot, h);
    count++;
  }

  /** Removes {@code slot}, whose id hashes to {@code h}. */
  void delete(int slot, int h) {
    int i = cellOf(slot, h);
    // Backward-shift deletion: pull up every later cell of the run that may live at i.
    for (int j = next(i); cells[j] != 0; j = next(j)) {
      int home = home(keyHash(slotOf(cells[j])));
      boolean homeInGap = i <= j ? (home <= i || home > j) : (home <= i && home > j);
      if (homeInGap) {
        cells[i] = cells[j];
        i = j;
      }
    }
    cells[i] = 0;
    count--;
    if (cells.length > MIN_CAPACITY && count * 8L < cells.length) {
      resize(Integer.bitCount(cells.length) == 1 ? cells.length / 4 * 3 : cells.length / 3 * 2);
    }
  }

  /** Points the entry of {@code from} (id hash {@code h}) at {@code to}. */
  void relabel(int from, int to, int h) {
    cells[cellOf(from, h)] = cell(to, h);
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
    allocate(MIN_CAPACITY);
    count = 0;
  }

  private void allocate(int capacity) {
    cells = new int[capacity];
    // slot + 1 ≤ count < capacity < 2^slotBits; the tag gets the other 32 - slotBits bits.
    slotBits = 32 - Integer.numberOfLeadingZeros(capacity);
  }

  /** The first cell to probe: the hash scaled to the capacity (which need not be a power of two). */
  private int home(int h) {
    return (int) (((h & 0xFFFFFFFFL) * cells.length) >>> 32);
  }

  private int next(int i) {
    return i + 1 == cells.length ? 0 : i + 1;
  }

  /** The tag: low bits of the hash, where {@link #home} draws on the high ones. */
  private int tag(int h) {
    return h & (-1 >>> slotBits);
  }

  private int cell(int slot, int h) {
    if (slot + 1 >>> slotBits != 0) {
      throw new IllegalArgumentException("slot " + slot + " out of range for " + count + " mappings");
    }
    return tag(h) << slotBits | (slot + 1);
  }

  private int slotOf(int cell) {
    return (cell & (-1 >>> (32 - slotBits))) - 1;
  }

  private int cellOf(int slot, int h) {
    for (int i = home(h); ; i = next(i)) {
      int c = cells[i];
      if (c == 0) {
        throw new IllegalStateException("slot " + slot + " not in table");
      }
      if (slotOf(c) == slot) {
        return i;
      }
    }
  }

  private void place(int slot, int h) {
    int i = home(h);
    while (cells[i] != 0) {
      i = next(i);
    }
    cells[i] = cell(slot, h);
  }

  private int keyHash(int slot) {
    return arena.hash(refs.get(slot));
  }

  private void resize(int capacity) {
    int[] old = cells;
    int oldSlotBits = slotBits;
    allocate(capacity);
    for (int c : old) {
      if (c != 0) {
        int slot = (c & (-1 >>> (32 - oldSlotBits))) - 1;
        place(slot, keyHash(slot));
      }
    }
  }
}
