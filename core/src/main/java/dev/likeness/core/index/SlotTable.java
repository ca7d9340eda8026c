package dev.likeness.core.index;

/**
 * id → slot: open-addressing (linear probing) tables of int cells, each holding {@code slot + 1} in
 * its low bits and a tag of the id's hash in the bits that the slot does not need (0 = empty). Keys
 * are not stored here; a probe whose tag matches compares against the id bytes in the {@link
 * IdArena} through the slot's ref, so a mapping costs one int cell instead of a HashMap node, boxed
 * Integer and String. The tags spare most of those compares (each a cache miss or two), which lets
 * a table fill to 7/8; capacities step by 1.5× and 4/3× (16, 24, 32, 48, ...), so a cell costs
 * 4.6–6.9 bytes per entry while it grows (load 0.58–0.875) where doubling at 3/4 costs 5.3–10.7.
 *
 * <p>The ids are spread over {@value #SEGMENTS} segments by the top bits of their hash, each a
 * table of its own that grows alone. One table would be rehashed whole: at 5M ids, a 22 MiB array
 * copied into a 34 MiB one, with both live (a 10M-image node ran out of a 1 GiB heap there), and
 * puts held for seconds. A segment's growth needs a 64th of that.
 *
 * <p>Deletion shifts later cells back (no tombstones), so churn never degrades probes. Slots must
 * stay below the number of mappings (they are dense). Not thread-safe.
 */
final class SlotTable {
  private static final int SEGMENT_BITS = 6;
  static final int SEGMENTS = 1 << SEGMENT_BITS;
  private static final int MIN_CAPACITY = 16;

  private final IdArena arena;
  private final PagedInts refs;
  private final int[][] cells = new int[SEGMENTS][];
  private final int[] counts = new int[SEGMENTS];

  /**
   * Low bits of a cell holding {@code slot + 1}; the bits above hold the tag. Grows with the count.
   */
  private int slotBits;

  private int count;

  SlotTable(IdArena arena, PagedInts refs) {
    this.arena = arena;
    this.refs = refs;
    clear();
  }

  /** The slot of the id {@code key} (hash {@code h}), or -1. */
  int find(byte[] key, int h) {
    int[] table = cells[segment(h)];
    int tag = tag(h);
    for (int i = home(h, table); ; i = next(i, table)) {
      int c = table[i];
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
    while (slot + 1 >>> slotBits != 0 || count + 1 >>> slotBits != 0) {
      widenSlots();
    }
    int s = segment(h);
    int length = cells[s].length;
    if ((counts[s] + 1) * 8L > length * 7L) {
      resize(s, Integer.bitCount(length) == 1 ? length / 2 * 3 : length / 3 * 4);
    }
    place(cells[s], slot, h);
    counts[s]++;
    count++;
  }

  /** Removes {@code slot}, whose id hashes to {@code h}. */
  void delete(int slot, int h) {
    int s = segment(h);
    int[] table = cells[s];
    int i = cellOf(table, slot, h);
    // Backward-shift deletion: pull up every later cell of the run that may live at i.
    for (int j = next(i, table); table[j] != 0; j = next(j, table)) {
      int home = home(keyHash(slotOf(table[j])), table);
      boolean homeInGap = i <= j ? (home <= i || home > j) : (home <= i && home > j);
      if (homeInGap) {
        table[i] = table[j];
        i = j;
      }
    }
    table[i] = 0;
    counts[s]--;
    count--;
    int length = table.length;
    if (length > MIN_CAPACITY && counts[s] * 8L < length) {
      resize(s, Integer.bitCount(length) == 1 ? length / 4 * 3 : length / 3 * 2);
    }
  }

  /** Points the entry of {@code from} (id hash {@code h}) at {@code to}. */
  void relabel(int from, int to, int h) {
    int[] table = cells[segment(h)];
    table[cellOf(table, from, h)] = cell(to, h);
  }

  /** Number of mappings. */
  int count() {
    return count;
  }

  /** Number of cells. */
  long capacity() {
    long total = 0;
    for (int[] table : cells) {
      total += table.length;
    }
    return total;
  }

  /** Cells of segment {@code s} (for tests of growth). */
  int segmentCapacity(int s) {
    return cells[s].length;
  }

  /** Mappings in segment {@code s} (for tests of growth). */
  int segmentCount(int s) {
    return counts[s];
  }

  /** Frees everything. */
  void clear() {
    for (int s = 0; s < SEGMENTS; s++) {
      cells[s] = new int[MIN_CAPACITY];
      counts[s] = 0;
    }
    count = 0;
    slotBits = 32 - Integer.numberOfLeadingZeros(MIN_CAPACITY);
  }

  /** The segment of an id whose hash is {@code h}. */
  static int segment(int h) {
    return h >>> (32 - SEGMENT_BITS);
  }

  /** The first cell to probe: the hash's bits below the segment's, scaled to the capacity. */
  private static int home(int h, int[] table) {
    return (int) (((h << SEGMENT_BITS) & 0xFFFFFFFFL) * table.length >>> 32);
  }

  private static int next(int i, int[] table) {
    return i + 1 == table.length ? 0 : i + 1;
  }

  /** The tag: low bits of the hash, where {@link #home} and the segment draw on the high ones. */
  private int tag(int h) {
    return h & (-1 >>> slotBits);
  }

  private int cell(int slot, int h) {
    if (slot + 1 >>> slotBits != 0) {
      throw new IllegalArgumentException(
          "slot " + slot + " out of range for " + count + " mappings");
    }
    return tag(h) << slotBits | (slot + 1);
  }

  private int slotOf(int cell) {
    return (cell & (-1 >>> (32 - slotBits))) - 1;
  }

  private int cellOf(int[] table, int slot, int h) {
    for (int i = home(h, table); ; i = next(i, table)) {
      int c = table[i];
      if (c == 0) {
        throw new IllegalStateException("slot " + slot + " not in table");
      }
      if (slotOf(c) == slot) {
        return i;
      }
    }
  }

  private void place(int[] table, int slot, int h) {
    int i = home(h, table);
    while (table[i] != 0) {
      i = next(i, table);
    }
    table[i] = cell(slot, h);
  }

  private int keyHash(int slot) {
    return arena.hash(refs.get(slot));
  }

  private void resize(int s, int capacity) {
    int[] old = cells[s];
    int[] table = new int[capacity];
    for (int c : old) {
      if (c != 0) {
        int slot = slotOf(c);
        place(table, slot, keyHash(slot));
      }
    }
    cells[s] = table;
  }

  /**
   * One more bit for slots, one fewer for tags: every cell is rewritten in place, its tag losing
   * its top bit (the tag is the hash's low bits, so what remains is the narrower tag).
   */
  private void widenSlots() {
    int wider = slotBits + 1;
    int tagMask = -1 >>> wider;
    int slotMask = -1 >>> (32 - slotBits);
    for (int[] table : cells) {
      for (int i = 0; i < table.length; i++) {
        int c = table[i];
        if (c != 0) {
          table[i] = ((c >>> slotBits) & tagMask) << wider | (c & slotMask);
        }
      }
    }
    slotBits = wider;
  }
}
