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
 * <p>Lists are growable int arrays of slots in no particular order; a delete swaps the last
 * element into the hole. Costs 16 ints per entry (64 bytes) plus list slack. Not thread-safe.
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
   * Per-thread scratch, reused across queries: the candidate bitset is 1.25 MB at 10M entries,
   * which G1 would otherwise allocate as a humongous object on every query. The sweep leaves the
   * bitset all zero.
   */
  private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

  private static final class Scratch {
    long[] seen = new long[0];
    int[] candidates = new int[1024];
    final long[] words = new long[BATCH * 4];
  }

  private final int[][][] lists = new int[TABLES][KEYS][];
  private final int[][] counts = new int[TABLES][KEYS];

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

  /** Builds the lists for slots {@code [0, size)} in two passes (count, then fill exactly). */
  static MultiIndexHashing build(PackedHashes hashes, int size) {
    MultiIndexHashing m = new MultiIndexHashing();
    for (int s = 0; s < size; s++) {
      long h0 = hashes.word(s, 0), h1 = hashes.word(s, 1), h2 = hashes.word(s, 2), h3 = hashes.word(s, 3);
      for (int t = 0; t < TABLES; t++) {
        m.counts[t][key(h0, h1, h2, h3, t)]++;
      }
    }
    for (int t = 0; t < TABLES; t++) {
      for (int k = 0; k < KEYS; k++) {
        int c = m.counts[t][k];
        if (c > 0) {
          m.lists[t][k] = new int[c + (c >>> 4) + 1]; // a little room for appends
        }
        m.counts[t][k] = 0;
      }
    }
    for (int s = 0; s < size; s++) {
      m.add(s, hashes.word(s, 0), hashes.word(s, 1), hashes.word(s, 2), hashes.word(s, 3));
    }
    return m;
  }

  /** Indexes {@code slot} under hash {@code h0..h3}. */
  void add(int slot, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < TABLES; t++) {
      int k = key(h0, h1, h2, h3, t);
      int[] list = lists[t][k];
      int n = counts[t][k];
      if (list == null || n == list.length) {
        list = lists[t][k] = list == null ? new int[4] : Arrays.copyOf(list, n + (n >>> 2) + 4);
      }
      list[n] = slot;
      counts[t][k] = n + 1;
    }
  }

  /** Unindexes {@code slot}, which was indexed under hash {@code h0..h3}. */
  void remove(int slot, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < TABLES; t++) {
      int k = key(h0, h1, h2, h3, t);
      int[] list = lists[t][k];
      int n = counts[t][k] - 1;
      list[indexOf(list, n + 1, slot)] = list[n];
      counts[t][k] = n;
      if (n == 0) {
        lists[t][k] = null;
      } else if (list.length > 16 && n < list.length / 4) {
        lists[t][k] = Arrays.copyOf(list, n * 2); // deletes give memory back
      }
    }
  }

  /** Renames {@code from} to {@code to} (the index's swap-remove moved it); hash {@code h0..h3}. */
  void relabel(int from, int to, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < TABLES; t++) {
      int k = key(h0, h1, h2, h3, t);
      int[] list = lists[t][k];
      list[indexOf(list, counts[t][k], from)] = to;
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

  /** Bytes of heap held by the lists and counters (without array headers). */
  long capacityBytes() {
    long bytes = (long) TABLES * KEYS * 8; // counts + list references
    for (int[][] table : lists) {
      for (int[] list : table) {
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
    for (int[] c : counts) {
      for (int v : c) {
        n += v;
      }
    }
    return n;
  }

  /** Appends the unseen slots of list {@code (t, k)} to the candidates; returns their new count. */
  private int collect(Scratch scratch, int t, int k, int n) {
    int c = counts[t][k];
    if (c == 0) {
      return n;
    }
    int[] list = lists[t][k];
    if (n + c > scratch.candidates.length) {
      scratch.candidates = Arrays.copyOf(scratch.candidates, Math.max(n + c, scratch.candidates.length * 2));
    }
    int[] out = scratch.candidates;
    long[] seen = scratch.seen;
    for (int i = 0; i < c; i++) {
      int s = list[i];
      long bit = 1L << s;
      long w = seen[s >>> 6];
      // Branch-free: the slot is written either way and kept only if it was new.
      seen[s >>> 6] = w | bit;
      out[n] = s;
      n += (w & bit) == 0 ? 1 : 0;
    }
    return n;
  }

  private static int indexOf(int[] list, int n, int slot) {
    for (int i = 0; i < n; i++) {
      if (list[i] == slot) {
        return i;
      }
    }
    throw new IllegalStateException("slot " + slot + " missing from an inverted list");
  }
}
