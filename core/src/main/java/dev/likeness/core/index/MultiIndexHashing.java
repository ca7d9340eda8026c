package dev.likeness.core.index;

import java.util.Arrays;

/**
 * Multi-index hashing (Norouzi, Punjani and Fleet, 2012) for 256-bit hashes: the hash is cut into
 * 16 substrings of 16 bits, and each substring has an inverted list per 16-bit value (the slots
 * whose hash has that value there).
 *
 * <p>Why it is exact: write the radius as {@code r = 16·r' + a} with {@code 0 ≤ a < 16}. If every
 * one of the first {@code a + 1} substrings differed from the query's in more than {@code r'} bits
 * and every other one in more than {@code r' - 1}, the total would exceed r. So an entry within r
 * shares, for some substring t, a value within {@code r'} bits (t ≤ a) or {@code r' - 1} bits
 * (t > a). For r ≤ 31, r' ≤ 1: probing each substring's exact value and its 16 one-bit
 * neighbours (or fewer substrings for smaller r) finds every candidate; each candidate is then
 * verified with the exact 256-bit distance, so the result equals a full scan's.
 *
 * <p>Layout: per substring, a compressed-sparse-row base built in one pass (an offset per value
 * and one int array of slots grouped by value), so a probe reads two arrays and the one-bit
 * neighbours of a value (k ^ 1, k ^ 2, ...) lie close by in memory; plus a small delta of
 * per-value growable lists for slots added since. Removing a base slot leaves a -1 in its place.
 * When a substring's delta and holes reach a quarter of its base, the two are merged into a new
 * base by one sequential pass (no hash is reread), one substring per change, so the writer and
 * the readers it holds off pause for a sixteenth of the work at a time. Costs 16 ints per entry
 * (64 bytes) plus the delta. Not thread-safe.
 */
final class MultiIndexHashing {
  /** Number of substrings. */
  static final int TABLES = 16;
  /** Largest radius this index answers exactly with at most one-bit neighbour probes. */
  static final int MAX_RADIUS = 2 * TABLES - 1;
  private static final int KEYS = 1 << 16;

  /** Candidates gathered and scored together (see {@link PackedHashes#gather}). */
  private static final int BATCH = 64;

  /**
   * Per-thread scratch, reused across queries: the seen-bitset is 1.25 MB at 10M entries, which
   * G1 would otherwise allocate as a humongous object on every query. Each search clears the
   * words it set, through its candidate list.
   */
  private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

  private static final class Scratch {
    long[] seen = new long[0];
    int[] candidates = new int[1024];
    final long[] words = new long[BATCH * 4];
  }

  /** Smallest delta (postings plus holes) of one substring that triggers its merge. */
  private static final int MIN_MERGE_DELTA = 1 << 12;
  private static final int HOLE = -1;

  /** Base slots of substring t's value k: {@code base[t][offsets[t][k] .. offsets[t][k + 1])}. */
  private final int[][] offsets = new int[TABLES][];
  private final int[][] base = new int[TABLES][];
  /** Delta list of substring t's value k at {@code delta[t << 16 | k]}, count in element 0. */
  private int[][] delta;
  private final int[] deltaPostings = new int[TABLES];
  private final int[] holes = new int[TABLES];

  /** The 16-bit value of substring {@code t} of a hash whose words are {@code h}. */
  static int key(long h0, long h1, long h2, long h3, int t) {
    long w = switch (t >>> 2) {
      case 0 -> h0;
      case 1 -> h1;
      case 2 -> h2;
      default -> h3;
    };
    return (int) (w >>> ((t & 3) << 4)) & 0xFFFF;
  }

  /** Builds the index of slots {@code [0, size)}: a counting sort per substring. */
  static MultiIndexHashing build(PackedHashes hashes, int size) {
    MultiIndexHashing m = new MultiIndexHashing();
    for (int t = 0; t < TABLES; t++) {
      m.offsets[t] = new int[KEYS + 1];
      m.base[t] = new int[size];
    }
    for (int s = 0; s < size; s++) {
      long h0 = hashes.word(s, 0), h1 = hashes.word(s, 1), h2 = hashes.word(s, 2), h3 = hashes.word(s, 3);
      for (int t = 0; t < TABLES; t++) {
        m.offsets[t][key(h0, h1, h2, h3, t) + 1]++;
      }
    }
    for (int t = 0; t < TABLES; t++) {
      int[] o = m.offsets[t];
      for (int k = 0; k < KEYS; k++) {
        o[k + 1] += o[k];
      }
    }
    // Fill from the end of each value's range backwards, so every range ends up in slot order.
    int[][] next = new int[TABLES][];
    for (int t = 0; t < TABLES; t++) {
      next[t] = Arrays.copyOfRange(m.offsets[t], 1, KEYS + 1);
    }
    for (int s = size - 1; s >= 0; s--) {
      long h0 = hashes.word(s, 0), h1 = hashes.word(s, 1), h2 = hashes.word(s, 2), h3 = hashes.word(s, 3);
      for (int t = 0; t < TABLES; t++) {
        m.base[t][--next[t][key(h0, h1, h2, h3, t)]] = s;
      }
    }
    return m;
  }

  /** Indexes {@code slot} under hash {@code h0..h3}. */
  void add(int slot, long h0, long h1, long h2, long h3) {
    if (delta == null) {
      delta = new int[TABLES * KEYS][];
    }
    for (int t = 0; t < TABLES; t++) {
      int i = t << 16 | key(h0, h1, h2, h3, t);
      int[] list = delta[i];
      if (list == null) {
        list = delta[i] = new int[4];
      }
      int n = list[0];
      if (n + 1 == list.length) {
        list = delta[i] = Arrays.copyOf(list, n + 1 + (n >>> 1) + 4);
      }
      list[n + 1] = slot;
      list[0] = n + 1;
      deltaPostings[t]++;
    }
    mergeOneIfDue();
  }

  /** Unindexes {@code slot}, which was indexed under hash {@code h0..h3}. */
  void remove(int slot, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < TABLES; t++) {
      int k = key(h0, h1, h2, h3, t);
      int b = indexInBase(t, k, slot);
      if (b >= 0) {
        base[t][b] = HOLE;
        holes[t]++;
        continue;
      }
      int i = t << 16 | k;
      int[] list = delta == null ? null : delta[i];
      int at = list == null ? -1 : indexInList(list, slot);
      if (at < 0) {
        throw new IllegalStateException("slot " + slot + " missing from the multi-index");
      }
      int n = list[0];
      list[at] = list[n];
      list[0] = n - 1;
      deltaPostings[t]--;
      if (n == 1) {
        delta[i] = null;
      }
    }
    mergeOneIfDue();
  }

  /** Merges the delta and holes of at most one substring into its base, if they have grown enough. */
  private void mergeOneIfDue() {
    for (int t = 0; t < TABLES; t++) {
      if (deltaPostings[t] + holes[t] > Math.max(MIN_MERGE_DELTA, base[t].length / 4)) {
        merge(t);
        return;
      }
    }
  }

  private void merge(int t) {
    int[] o = offsets[t];
    int[] b = base[t];
    int[] mergedOffsets = new int[KEYS + 1];
    int[] merged = new int[b.length - holes[t] + deltaPostings[t]];
    int p = 0;
    for (int k = 0; k < KEYS; k++) {
      mergedOffsets[k] = p;
      for (int i = o[k], end = o[k + 1]; i < end; i++) {
        if (b[i] != HOLE) {
          merged[p++] = b[i];
        }
      }
      int[] list = delta[t << 16 | k];
      if (list != null) {
        System.arraycopy(list, 1, merged, p, list[0]);
        p += list[0];
        delta[t << 16 | k] = null;
      }
    }
    mergedOffsets[KEYS] = p;
    offsets[t] = mergedOffsets;
    base[t] = merged;
    deltaPostings[t] = 0;
    holes[t] = 0;
  }

  /** Renames {@code from} to {@code to} (the index's swap-remove moved it); hash {@code h0..h3}. */
  void relabel(int from, int to, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < TABLES; t++) {
      int k = key(h0, h1, h2, h3, t);
      int b = indexInBase(t, k, from);
      if (b >= 0) {
        base[t][b] = to;
        continue;
      }
      int[] list = delta == null ? null : delta[t << 16 | k];
      int at = list == null ? -1 : indexInList(list, from);
      if (at < 0) {
        throw new IllegalStateException("slot " + from + " missing from the multi-index");
      }
      list[at] = to;
    }
  }

  /**
   * Offers to {@code scorer} every slot that may lie within {@code maxDistance} (0..31) of some
   * query form, each once; {@code size} bounds the slots.
   */
  void search(CandidateScorer scorer, PackedHashes hashes, int size, int maxDistance) {
    if (maxDistance < 0 || maxDistance > MAX_RADIUS) {
      throw new IllegalArgumentException("multi-index hashing answers radii 0.." + MAX_RADIUS);
    }
    // Phase 1 collects each candidate once (a bitset dedups across substrings, neighbours and
    // forms); phase 2 gathers their hashes in batches and scores them. Candidates are a few
    // percent of the entries at most, so the bitset is cleared through the list, not swept.
    Scratch scratch = SCRATCH.get();
    if (scratch == null) {
      scratch = new Scratch();
    }
    SCRATCH.set(null); // if this search throws, the next one starts from fresh scratch
    int words = (size + 63) >>> 6;
    if (scratch.seen.length < words) {
      scratch.seen = new long[words];
    }
    long[] seen = scratch.seen;
    long[] q = scorer.queryWords();
    int forms = scorer.forms();
    int base = maxDistance >>> 4;
    int wide = maxDistance & 15; // substrings 0..wide get radius `base`, the rest `base - 1`
    int n = 0;
    for (int f = 0; f < forms; f++) {
      int qb = f * 4;
      int tables = base >= 1 ? TABLES : wide + 1;
      for (int t = 0; t < tables; t++) {
        int k = key(q[qb], q[qb + 1], q[qb + 2], q[qb + 3], t);
        n = collect(scratch, t, k, n);
        if (base >= 1 && t <= wide) {
          for (int b = 0; b < 16; b++) {
            n = collect(scratch, t, k ^ (1 << b), n);
          }
        }
      }
    }
    int[] candidates = scratch.candidates;
    long[] gathered = scratch.words;
    for (int i = 0; i < n; i += BATCH) {
      int m = Math.min(BATCH, n - i);
      hashes.gather(candidates, i, m, gathered);
      scorer.scoreGathered(candidates, i, gathered, m);
    }
    for (int i = 0; i < n; i++) {
      seen[candidates[i] >>> 6] = 0;
    }
    SCRATCH.set(scratch);
  }

  /** Bytes of heap held by the arrays (without array headers). */
  long capacityBytes() {
    long bytes = 0;
    for (int t = 0; t < TABLES; t++) {
      bytes += (offsets[t].length + base[t].length) * 4L;
    }
    if (delta != null) {
      bytes += delta.length * 4L; // references (compressed)
      for (int[] list : delta) {
        if (list != null) {
          bytes += list.length * 4L;
        }
      }
    }
    return bytes;
  }

  /** Total postings (16 per indexed slot). */
  long postings() {
    long n = 0;
    for (int t = 0; t < TABLES; t++) {
      n += base[t].length - holes[t] + deltaPostings[t];
    }
    return n;
  }

  /** Appends the unseen slots of substring t's value k to the candidates; returns their new count. */
  private int collect(Scratch scratch, int t, int k, int n) {
    int[] o = offsets[t];
    int from = o[k];
    int to = o[k + 1];
    int[] list = delta == null ? null : delta[t << 16 | k];
    int c = to - from + (list == null ? 0 : list[0]);
    if (c == 0) {
      return n;
    }
    if (n + c > scratch.candidates.length) {
      scratch.candidates = Arrays.copyOf(scratch.candidates, Math.max(n + c, scratch.candidates.length * 2));
    }
    n = collect(base[t], from, to, scratch, n);
    return list == null ? n : collect(list, 1, list[0] + 1, scratch, n);
  }

  private static int collect(int[] slots, int from, int to, Scratch scratch, int n) {
    int[] out = scratch.candidates;
    long[] seen = scratch.seen;
    for (int i = from; i < to; i++) {
      int s = slots[i];
      if (s == HOLE) {
        continue;
      }
      long bit = 1L << s;
      long w = seen[s >>> 6];
      // Branch-free: the slot is written either way and kept only if it was new.
      seen[s >>> 6] = w | bit;
      out[n] = s;
      n += (w & bit) == 0 ? 1 : 0;
    }
    return n;
  }

  /** Position of {@code slot} in the base range of substring t's value k (in slot order), or -1. */
  private int indexInBase(int t, int k, int slot) {
    int[] o = offsets[t];
    int[] b = base[t];
    for (int i = o[k], end = o[k + 1]; i < end; i++) {
      if (b[i] == slot) {
        return i;
      }
    }
    return -1;
  }

  private static int indexInList(int[] list, int slot) {
    for (int i = 1, n = list[0]; i <= n; i++) {
      if (list[i] == slot) {
        return i;
      }
    }
    return -1;
  }
}
