package dev.likeness.core.index;

import java.util.Arrays;

/**
 * Multi-index hashing (Norouzi, Punjani and Fleet, 2012) for 256-bit hashes: the hash is cut into m
 * substrings ({@link Substrings}: 16 of 16 bits, or 14 of 18–19 bits for large indexes), and each
 * substring has an inverted list per value (the slots whose hash has that value there).
 *
 * <p>Why it is exact: write the radius as {@code r = m·r' + a} with {@code 0 ≤ a < m}. If every one
 * of the first {@code a + 1} substrings differed from the query's in more than {@code r'} bits and
 * every other one in more than {@code r' - 1}, the total would exceed r. So an entry within r
 * shares, for some substring t, a value within {@code r'} bits (t ≤ a) or {@code r' - 1} bits (t >
 * a); the widths of the substrings do not enter the argument. For r ≤ 31, r' ≤ 1 with 16 substrings
 * and r' ≤ 2 with 14; up to the matcher's default threshold of 48, r' = 3: probing each substring's
 * value and its neighbours within that many bits finds every candidate; each candidate is then
 * verified with the exact 256-bit distance, so the result equals a full scan's.
 *
 * <p>Layout: per substring, a base of Rice-coded slot lists built in one pass ({@link
 * PackedPostings}: ~2.2–2.6 bytes per posting instead of a 4-byte int), decoded front to back by a
 * probe. Slots added since the base was built go to a delta by 16-bit prefix of the value (with the
 * value's low bits beside the slot in wider substrings; {@link PendingPostings}: ~4–8 bytes per
 * posting, no array per prefix). The base is never edited: removing (or relabelling) a slot of the
 * base sets its bit in a per-substring bitset of holes, made on the first hole (at most one bit per
 * slot and substring). When the deltas and holes of all substrings together reach a sixteenth of
 * the bases, the substring with the most is merged into a new base by one sequential pass (no hash
 * is reread), one substring per change, so the writer and the readers it holds off pause for one
 * substring's share of the work at a time. Every change adds to every substring alike, so this
 * turns into a round robin: each substring is merged when its own delta reaches about an eighth of
 * its base, but at evenly spread times, so the deltas held at once stay near half of what merging
 * each at an eighth would let them reach together. Costs m packed postings per entry (~36 bytes at
 * millions of entries), a directory of one int per value for 16-bit substrings (4 MiB for 16) and
 * 2.25 bytes per value for wider ones (10 MiB for 14), plus the delta and holes. Not thread-safe.
 */
final class MultiIndexHashing {
  /**
   * Largest radius this index answers (exactly, with neighbour probes of at most three bits): the
   * matcher's default threshold, 48. At 31 and under, probes go to two bits at most.
   */
  static final int MAX_RADIUS = 48;

  /** Candidates gathered and scored together (see {@link PackedHashes#gather}). */
  private static final int BATCH = 64;

  /**
   * Per-thread scratch, reused across queries: the seen-bitset is 1.25 MB at 10M entries, which G1
   * would otherwise allocate as a humongous object on every query. Each search clears the words it
   * set, through its candidate list.
   */
  private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

  private static final class Scratch {
    long[] seen = new long[0];
    int[] candidates = new int[1024];
    int[] keys = new int[0];
    final long[] words = new long[BATCH * 4];

    /** What {@link PackedPostings#touch} read, kept so that its loads are not optimised away. */
    long sink;
  }

  /** Smallest delta (postings plus holes) per substring, on average, that triggers a merge. */
  private static final int MIN_MERGE_DELTA = 1 << 11;

  /**
   * A merge is due when the deltas and holes of all substrings exceed this fraction of their bases:
   * a delta posting (4–8 bytes, {@link PendingPostings}) costs ~2–3× a packed one, and a merge of
   * 5M postings ~0.1 s. Merged in turn, each substring's own delta reaches twice this share.
   */
  private static final int MERGE_DIVISOR = 16;

  private final Substrings substrings;
  private final int tables;
  private final PackedPostings[] base;

  /** The base of substring t was built over slots {@code [0, baseLimit[t])}, each once. */
  private final int[] baseLimit;

  /** Per substring, a bit per base slot removed since the base was built; null without holes. */
  private final long[][] holeBits;

  /**
   * Delta of substring t by the top 16 bits of its value ({@code k >>> lowBits[t]}), null if empty;
   * each entry is {@code slot << lowBits[t] | (k & lowMask)}. Keyed by 16 bits whatever the width,
   * so that the per-prefix tables stay at 65,536 entries.
   */
  private final PendingPostings[] delta;

  private final int[] lowBits;
  private final int[] holes;

  private MultiIndexHashing(Substrings substrings) {
    this.substrings = substrings;
    this.tables = substrings.count();
    this.base = new PackedPostings[tables];
    this.baseLimit = new int[tables];
    this.holeBits = new long[tables][];
    this.delta = new PendingPostings[tables];
    this.lowBits = new int[tables];
    for (int t = 0; t < tables; t++) {
      lowBits[t] = Math.max(0, substrings.width(t) - 16);
    }
    this.holes = new int[tables];
    if (MAX_RADIUS / tables > 3) {
      throw new IllegalArgumentException(
          "probes go to three bits at most: radius " + MAX_RADIUS + " needs " + substrings);
    }
  }

  /**
   * Builds the index of slots {@code [0, size)} over {@code substrings}: a counting sort per
   * substring, then packing.
   */
  static MultiIndexHashing build(PackedHashes hashes, int size, Substrings substrings) {
    MultiIndexHashing m = new MultiIndexHashing(substrings);
    // One substring at a time, so the unpacked lists need 4 bytes per entry at most.
    int[] slots = new int[size];
    for (int t = 0; t < m.tables; t++) {
      int keys = substrings.keys(t);
      int[] offsets = new int[keys + 1];
      for (int s = 0; s < size; s++) {
        offsets[substrings.key(hashes, s, t) + 1]++;
      }
      for (int k = 0; k < keys; k++) {
        offsets[k + 1] += offsets[k];
      }
      int[] next = Arrays.copyOf(offsets, keys);
      for (int s = 0; s < size; s++) { // in slot order, so every list ascends
        slots[next[substrings.key(hashes, s, t)]++] = s;
      }
      m.base[t] = PackedPostings.pack(offsets, slots);
      m.baseLimit[t] = size;
    }
    return m;
  }

  /** The layout this index was built over. */
  Substrings substrings() {
    return substrings;
  }

  private int key(long h0, long h1, long h2, long h3, int t) {
    return substrings.key(h0, h1, h2, h3, t);
  }

  /** Indexes {@code slot} under hash {@code h0..h3}. */
  void add(int slot, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < tables; t++) {
      addToDelta(t, key(h0, h1, h2, h3, t), slot);
    }
  }

  /** Unindexes {@code slot}, which was indexed under hash {@code h0..h3}. */
  void remove(int slot, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < tables; t++) {
      if (inBase(t, slot)) {
        punchHole(t, slot);
        continue;
      }
      int k = key(h0, h1, h2, h3, t);
      if (delta[t] == null || !delta[t].remove(k >>> lowBits[t], entry(t, slot, k))) {
        throw new IllegalStateException("slot " + slot + " missing from the multi-index");
      }
    }
  }

  /** Renames {@code from} to {@code to} (the index's swap-remove moved it); hash {@code h0..h3}. */
  void relabel(int from, int to, long h0, long h1, long h2, long h3) {
    for (int t = 0; t < tables; t++) {
      int k = key(h0, h1, h2, h3, t);
      if (inBase(t, from)) {
        punchHole(t, from); // the packed base cannot be edited: the new name goes to the delta
        addToDelta(t, k, to);
        continue;
      }
      if (delta[t] == null
          || !delta[t].replace(k >>> lowBits[t], entry(t, from, k), entry(t, to, k))) {
        throw new IllegalStateException("slot " + from + " missing from the multi-index");
      }
    }
  }

  /**
   * Merges the delta and holes of at most one substring into its base, if they have grown enough.
   * Call only between whole changes, when slots {@code [0, size)} are each indexed once.
   */
  void mergeOneIfDue() {
    long pending = 0;
    long based = 0;
    int largest = 0;
    for (int t = 0; t < tables; t++) {
      int own = pendingOf(t);
      pending += own;
      based += base[t].postings();
      if (own > pendingOf(largest)) {
        largest = t;
      }
    }
    if (pending > Math.max((long) MIN_MERGE_DELTA * tables, based / MERGE_DIVISOR)) {
      merge(largest);
    }
  }

  /** Postings and holes of substring t not yet merged into its base. */
  private int pendingOf(int t) {
    return (delta[t] == null ? 0 : delta[t].size()) + holes[t];
  }

  /** Whether the base of substring t lists {@code slot} (live, not a hole). */
  private boolean inBase(int t, int slot) {
    // Every slot below the limit was in the base when it was built; a removal since punched a hole.
    long[] h = holeBits[t];
    return slot < baseLimit[t] && (h == null || (h[slot >>> 6] & 1L << slot) == 0);
  }

  private void punchHole(int t, int slot) {
    if (holeBits[t] == null) {
      holeBits[t] = new long[(baseLimit[t] + 63) >>> 6];
    }
    holeBits[t][slot >>> 6] |= 1L << slot;
    holes[t]++;
  }

  /** The delta entry of {@code slot} under value {@code k} of substring t. */
  private int entry(int t, int slot, int k) {
    int lb = lowBits[t];
    if (slot >>> (31 - lb) != 0) {
      throw new IllegalStateException(
          "multi-index with " + substrings + " can only hold slots below 2^" + (31 - lb));
    }
    return slot << lb | k & ((1 << lb) - 1);
  }

  private void addToDelta(int t, int k, int slot) {
    if (delta[t] == null) {
      delta[t] = new PendingPostings(substrings.keys(t) >>> lowBits[t]);
    }
    delta[t].add(k >>> lowBits[t], entry(t, slot, k));
  }

  private void merge(int t) {
    PackedPostings b = base[t];
    long[] h = holeBits[t];
    PendingPostings d = delta[t];
    int total = b.postings() - holes[t] + (d == null ? 0 : d.size());
    // List by list straight into the new pages: no unpacked copy of the whole substring.
    int keys = substrings.keys(t);
    PackedPostings.Writer writer = new PackedPostings.Writer(keys);
    int lb = lowBits[t];
    int lowMask = (1 << lb) - 1;
    int[] decoded = new int[b.maxCount()];
    int[] merged = new int[64];
    int[] added = new int[64];
    int[] list = new int[64];
    int bucketSize = 0;
    int p = 0;
    int max = -1;
    for (int k = 0; k < keys; k++) {
      int n = b.decode(k, h, null, decoded, 0);
      if (d != null && (k & lowMask) == 0) {
        // Once per bucket: its entries, ascending by slot.
        int most = d.countAtMost(k >>> lb);
        if (list.length < most) {
          list = new int[Math.max(most, list.length * 2)];
        }
        bucketSize = d.entries(k >>> lb, list);
        Arrays.sort(list, 0, bucketSize);
      }
      if (added.length < bucketSize) {
        added = new int[Math.max(bucketSize, added.length * 2)];
      }
      int m = 0; // this value's slots in the bucket, ascending
      for (int e = 0; e < bucketSize; e++) {
        if ((list[e] & lowMask) == (k & lowMask)) {
          added[m++] = list[e] >>> lb;
        }
      }
      if (merged.length < n + m) {
        merged = new int[Math.max(n + m, merged.length * 2)];
      }
      // Merge the ascending base (holes left out) and the sorted delta; a slot is in one of them.
      int c = 0;
      int i = 0;
      int j = 0;
      while (i < n || j < m) {
        if (j >= m || i < n && decoded[i] < added[j]) {
          merged[c++] = decoded[i++];
        } else {
          merged[c++] = added[j++];
        }
      }
      writer.add(k, merged, 0, c);
      p += c;
      max = c == 0 ? max : Math.max(max, merged[c - 1]);
    }
    if (p != total || max >= total) {
      throw new IllegalStateException("multi-index substring " + t + " lost track of its postings");
    }
    base[t] = writer.finish();
    baseLimit[t] = total; // merged between whole changes: exactly slots [0, total)
    holeBits[t] = null;
    delta[t] = null;
    holes[t] = 0;
  }

  /**
   * Offers to {@code scorer} every slot that may lie within {@code maxDistance} (0..48) of some
   * query form, each once; {@code size} bounds the slots.
   */
  void search(CandidateScorer scorer, PackedHashes hashes, int size, int maxDistance) {
    search(scorer, hashes, size, maxDistance, maxDistance);
  }

  /**
   * As {@link #search(CandidateScorer, PackedHashes, int, int)}, with the neighbour probes of
   * radius {@code min(maxDistance, probeRadius)}: every slot within that of a form is offered, and
   * those farther but within {@code maxDistance} only if one of their substrings lies within the
   * probes (near copies mostly do: a few bits change in some substring while others take many).
   */
  void search(
      CandidateScorer scorer, PackedHashes hashes, int size, int maxDistance, int probeRadius) {
    if (maxDistance < 0 || maxDistance > MAX_RADIUS || probeRadius < 0) {
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
    int probed = Math.min(maxDistance, probeRadius);
    int each = probed / tables;
    int wide = probed % tables; // substrings 0..wide get radius `each`, the rest `each - 1`
    int n = 0;
    for (int f = 0; f < forms; f++) {
      int qb = f * 4;
      for (int t = 0; t < tables; t++) {
        int radius = t <= wide ? each : each - 1;
        if (radius < 0) {
          break;
        }
        int k = key(q[qb], q[qb + 1], q[qb + 2], q[qb + 3], t);
        int probes = neighbours(scratch, k, substrings.width(t), radius);
        int[] keys = scratch.keys;
        // Probe values are scattered over the directory and the pages: first load them all at
        // once, so their cache misses overlap, then decode each list from the cache.
        scratch.sink += base[t].touch(keys, probes);
        for (int i = 0; i < probes; i++) {
          n = collect(scratch, t, keys[i], n);
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

  /**
   * Puts {@code k} and its neighbours within {@code radius} bits (of {@code width}) into {@code
   * scratch.keys}; returns their number.
   */
  private static int neighbours(Scratch scratch, int k, int width, int radius) {
    int most = 1 + width + width * (width - 1) / 2 + width * (width - 1) * (width - 2) / 6;
    if (scratch.keys.length < most) {
      scratch.keys = new int[most];
    }
    int[] keys = scratch.keys;
    int p = 0;
    keys[p++] = k;
    for (int b = 0; radius >= 1 && b < width; b++) {
      int k1 = k ^ (1 << b);
      keys[p++] = k1;
      for (int c = b + 1; radius >= 2 && c < width; c++) {
        int k2 = k1 ^ (1 << c);
        keys[p++] = k2;
        for (int e = c + 1; radius >= 3 && e < width; e++) {
          keys[p++] = k2 ^ (1 << e);
        }
      }
    }
    return p;
  }

  /** Bytes of heap held by the arrays (without array headers). */
  long capacityBytes() {
    long bytes = 0;
    for (int t = 0; t < tables; t++) {
      bytes += base[t].capacityBytes();
      if (holeBits[t] != null) {
        bytes += holeBits[t].length * 8L;
      }
      if (delta[t] != null) {
        bytes += delta[t].capacityBytes();
      }
    }
    return bytes;
  }

  /** Total postings (one per substring and indexed slot). */
  long postings() {
    long n = 0;
    for (int t = 0; t < tables; t++) {
      n += base[t].postings() - holes[t] + (delta[t] == null ? 0 : delta[t].size());
    }
    return n;
  }

  /** Postings and holes not yet merged into the bases (for tests). */
  long pending() {
    long n = 0;
    for (int t = 0; t < tables; t++) {
      n += pendingOf(t);
    }
    return n;
  }

  /** The most postings and holes any one substring has not yet merged (for tests). */
  long largestPending() {
    long most = 0;
    for (int t = 0; t < tables; t++) {
      most = Math.max(most, pendingOf(t));
    }
    return most;
  }

  /** Postings in the bases, holes included (for tests). */
  long basePostings() {
    long n = 0;
    for (int t = 0; t < tables; t++) {
      n += base[t].postings();
    }
    return n;
  }

  /**
   * Appends the unseen slots of substring t's value k to the candidates; returns their new count.
   */
  private int collect(Scratch scratch, int t, int k, int n) {
    PackedPostings b = base[t];
    int lb = lowBits[t];
    PendingPostings d = delta[t];
    int bucket = k >>> lb;
    int most = d == null ? 0 : d.countAtMost(bucket);
    if (n + b.maxCount() + most > scratch.candidates.length) {
      scratch.candidates =
          Arrays.copyOf(
              scratch.candidates, Math.max(n + b.maxCount() + most, scratch.candidates.length * 2));
    }
    n = b.decode(k, holeBits[t], scratch.seen, scratch.candidates, n);
    return most == 0
        ? n
        : d.collect(bucket, lb, k & ((1 << lb) - 1), scratch.seen, scratch.candidates, n);
  }
}
