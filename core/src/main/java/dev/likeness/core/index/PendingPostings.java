package dev.likeness.core.index;

/**
 * The postings of one multi-index substring added since its packed base was built, by bucket (a
 * 16-bit prefix of the substring's value), stored without an array per bucket: a run of entries
 * grouped by bucket behind one offset table, and a tail of the latest additions chained per bucket.
 * When the tail is full it is folded into a new run in one counting pass. An entry costs 4 bytes in
 * the run, against 30–40 for small growable lists (their headers and spare capacity, 65,536 lists
 * per substring). Every array is at most a {@link HeapPage} (32 KiB), so none is a G1 humongous
 * object. Entries are opaque non-negative ints (the multi-index stores the slot and the value's low
 * bits in one). Not thread-safe.
 */
final class PendingPostings {
  private static final int SHIFT = HeapPage.BYTES_SHIFT - 2;
  private static final int PAGE = 1 << SHIFT;
  private static final int MASK = PAGE - 1;

  /** Tail capacity: one page less the two ints that let an int[] with its header tile a region. */
  static final int TAIL = PAGE - 4;

  private static final int REMOVED = -1;

  private final int buckets;

  /**
   * Run entries of bucket b are at {@code [start(b), start(b + 1))}; null while the run is empty.
   */
  private int[][] starts;

  private int[][] run = new int[0][];
  private int runLength;

  /** Per bucket, 1 + the index of its newest tail entry, 0 for none. */
  private final int[][] head;

  private final int[] tail = new int[TAIL];

  /** Per tail entry, 1 + the index of the previous entry of its bucket, 0 for none. */
  private final int[] next = new int[TAIL];

  private int tailCount;
  private int size;

  /** An empty delta over {@code buckets} buckets. */
  PendingPostings(int buckets) {
    this.buckets = buckets;
    this.head = pages(buckets);
  }

  private static int[][] pages(int length) {
    int[][] pages = new int[(length + PAGE - 1) >>> SHIFT][];
    for (int p = 0; p < pages.length; p++) {
      pages[p] = new int[Math.min(PAGE, length - (p << SHIFT))];
    }
    return pages;
  }

  private static int get(int[][] pages, int i) {
    return pages[i >>> SHIFT][i & MASK];
  }

  private int head(int bucket) {
    return head[bucket >>> SHIFT][bucket & MASK];
  }

  /** First run index of {@code bucket}; {@code bucket == buckets} gives the run's length. */
  private int start(int bucket) {
    return bucket == buckets ? runLength : get(starts, bucket);
  }

  /** Live entries. */
  int size() {
    return size;
  }

  /** Adds {@code entry} (≥ 0) to {@code bucket}. */
  void add(int bucket, int entry) {
    if (tailCount == TAIL) {
      fold();
    }
    tail[tailCount] = entry;
    next[tailCount] = head(bucket);
    head[bucket >>> SHIFT][bucket & MASK] = ++tailCount;
    size++;
  }

  /** Replaces {@code entry} of {@code bucket} by {@code replacement}; whether it was there. */
  boolean replace(int bucket, int entry, int replacement) {
    for (int i = head(bucket); i != 0; i = next[i - 1]) {
      if (tail[i - 1] == entry) {
        tail[i - 1] = replacement;
        return true;
      }
    }
    if (starts != null) {
      for (int i = start(bucket), end = start(bucket + 1); i < end; i++) {
        if (get(run, i) == entry) {
          run[i >>> SHIFT][i & MASK] = replacement;
          return true;
        }
      }
    }
    return false;
  }

  /** Removes {@code entry} from {@code bucket}; whether it was there. */
  boolean remove(int bucket, int entry) {
    if (replace(bucket, entry, REMOVED)) {
      size--;
      return true;
    }
    return false;
  }

  /** An upper bound on the entries of {@code bucket}. */
  int countAtMost(int bucket) {
    int n = starts == null ? 0 : start(bucket + 1) - start(bucket);
    for (int i = head(bucket); i != 0; i = next[i - 1]) {
      n++;
    }
    return n;
  }

  /**
   * Appends to {@code out} from {@code n} the slots ({@code entry >>> lowBits}) of the live entries
   * of {@code bucket} whose low bits are {@code low} and that {@code seen} does not have yet,
   * marking them seen; returns the new count. {@code out} must have room for {@link #countAtMost}.
   */
  int collect(int bucket, int lowBits, int low, long[] seen, int[] out, int n) {
    int lowMask = (1 << lowBits) - 1;
    for (int i = head(bucket); i != 0; i = next[i - 1]) {
      int e = tail[i - 1];
      if (e != REMOVED && (e & lowMask) == low) {
        n = PackedPostings.appendIfUnseen(seen, out, n, e >>> lowBits);
      }
    }
    if (starts != null) {
      for (int i = start(bucket), end = start(bucket + 1); i < end; i++) {
        int e = get(run, i);
        if (e != REMOVED && (e & lowMask) == low) {
          n = PackedPostings.appendIfUnseen(seen, out, n, e >>> lowBits);
        }
      }
    }
    return n;
  }

  /**
   * Copies the live entries of {@code bucket} into {@code into}, which has room for {@link
   * #countAtMost}; returns how many there are.
   */
  int entries(int bucket, int[] into) {
    int n = 0;
    for (int i = head(bucket); i != 0; i = next[i - 1]) {
      if (tail[i - 1] != REMOVED) {
        into[n++] = tail[i - 1];
      }
    }
    if (starts != null) {
      for (int i = start(bucket), end = start(bucket + 1); i < end; i++) {
        int e = get(run, i);
        if (e != REMOVED) {
          into[n++] = e;
        }
      }
    }
    return n;
  }

  /** Bytes of heap held by the arrays (without array headers). */
  long capacityBytes() {
    long ints = tail.length + next.length + (long) buckets * (starts == null ? 1 : 2);
    for (int[] page : run) {
      ints += page.length;
    }
    return 4L * ints;
  }

  /** Moves the tail into a new run, bucket by bucket, leaving removed entries out. */
  private void fold() {
    int live = 0;
    for (int i = 0; i < runLength; i++) {
      if (get(run, i) != REMOVED) {
        live++;
      }
    }
    for (int i = 0; i < tailCount; i++) {
      if (tail[i] != REMOVED) {
        live++;
      }
    }
    int[][] folded = pages(live);
    int[][] foldedStarts =
        starts == null ? pages(buckets) : starts; // rewritten in place, ahead of reads
    int o = 0;
    for (int b = 0; b < buckets; b++) {
      int from = starts == null ? 0 : start(b);
      int to = starts == null ? 0 : start(b + 1);
      foldedStarts[b >>> SHIFT][b & MASK] = o;
      for (int i = from; i < to; i++) {
        int e = get(run, i);
        if (e != REMOVED) {
          folded[o >>> SHIFT][o & MASK] = e;
          o++;
        }
      }
      for (int i = head(b); i != 0; i = next[i - 1]) {
        if (tail[i - 1] != REMOVED) {
          folded[o >>> SHIFT][o & MASK] = tail[i - 1];
          o++;
        }
      }
      head[b >>> SHIFT][b & MASK] = 0;
    }
    starts = foldedStarts;
    run = folded;
    runLength = o;
    tailCount = 0;
  }
}
