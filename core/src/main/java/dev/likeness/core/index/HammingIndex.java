package dev.likeness.core.index;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An in-memory index of 256-bit hashes by image id, searched by Hamming distance.
 *
 * <p>Storage is per-entry-object free: hashes packed four longs per slot ({@link PackedHashes}),
 * ids as UTF-8 in a byte arena ({@link IdArena}) addressed by an int per slot, and an
 * open-addressing id → slot table ({@link SlotTable}): 32 bytes of hash, the id's UTF-8 bytes plus
 * one, and ~9–11 bytes of bookkeeping per entry. The multi-index lists add ~36–40 bytes per entry
 * at millions of entries (Rice-coded slot gaps, {@link PackedPostings}), more while puts wait in
 * their delta; from {@code fewerSubstringsFrom} entries on they use 14 wider substrings instead of
 * 16. Every large array is cut into pages that tile G1 regions ({@link HeapPage}). A delete moves
 * the last slot into the hole, so slots stay dense. Searches either scan every hash ({@link
 * BruteForceScan}) or, once the index holds at least {@code multiIndexThreshold} entries and the
 * radius is at most 48, use multi-index hashing ({@link MultiIndexHashing}). Up to the exact radius
 * (31 by default) both give identical results; past it the lists are probed as for that radius,
 * which finds near copies (≥ 99.9 % of them, measured) at a fifth of the cost of exact probes, but
 * not every entry whose differing bits happen to spread over all substrings. Safe for one writer
 * and many concurrent readers.
 */
public final class HammingIndex {
  /**
   * Size from which multi-index hashing is maintained by default: one posting per value of a 16-bit
   * substring. A node of 1M images in its default 12 partitions holds ~83k per index; there one
   * form at radius 48 costs 0.033 ms with the lists against a 0.124 ms scan, eight forms 0.55
   * against 1.64 ms (IndexProbe), for ~60 bytes of lists per image (their directory weighs most at
   * that size).
   */
  public static final int DEFAULT_MULTI_INDEX_THRESHOLD = 65_536;

  /**
   * Size from which multi-index hashing cuts hashes into 14 substrings instead of 16: half the
   * candidates per search for a directory of 18 MiB instead of 4. One thread breaks even at ~2M
   * entries and gains ~13 % at 5M; through HTTP at 10M (two 5M partitions) the node's CPU per
   * search fell by a fifth (bench/README.md).
   */
  public static final int DEFAULT_FEWER_SUBSTRINGS_FROM = 2_000_000;

  /** Largest radius that multi-index hashing answers. */
  public static final int MULTI_INDEX_MAX_RADIUS = MultiIndexHashing.MAX_RADIUS;

  /**
   * Radius up to which {@link SearchPath#AUTO} finds every entry through the lists; past it, up to
   * {@link #MULTI_INDEX_MAX_RADIUS}, the lists are probed as for this radius and find the entries
   * of which some substring lies within those probes. Near copies of an image differ in a few bits
   * of some substrings and many of others, so the probes of a smaller radius find almost all of
   * them at a fraction of the candidates (docs/experiments/2026-12-index-radius-48.md).
   */
  public static final int DEFAULT_EXACT_RADIUS = 31;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final int multiIndexThreshold;
  private final int fewerSubstringsFrom;
  private final int exactRadius;
  private final PackedHashes hashes = new PackedHashes();
  private final IdArena arena = new IdArena();
  private final PagedInts idRefs = new PagedInts();
  private final SlotTable slots = new SlotTable(arena, idRefs);
  private MultiIndexHashing multiIndex;
  private boolean reloading;
  private int size;

  /** An index that switches to multi-index hashing at {@link #DEFAULT_MULTI_INDEX_THRESHOLD}. */
  public HammingIndex() {
    this(DEFAULT_MULTI_INDEX_THRESHOLD);
  }

  /**
   * An index that maintains multi-index hashing while it holds at least {@code multiIndexThreshold}
   * entries (dropped again below half of that); 0 means always.
   */
  public HammingIndex(int multiIndexThreshold) {
    this(multiIndexThreshold, DEFAULT_FEWER_SUBSTRINGS_FROM);
  }

  /**
   * As {@link #HammingIndex(int)}, with the lists cut into 14 substrings instead of 16 once the
   * index holds at least {@code fewerSubstringsFrom} entries (0 means always).
   */
  public HammingIndex(int multiIndexThreshold, int fewerSubstringsFrom) {
    this(multiIndexThreshold, fewerSubstringsFrom, DEFAULT_EXACT_RADIUS);
  }

  /**
   * As {@link #HammingIndex(int, int)}, with {@link SearchPath#AUTO} exact through the lists up to
   * {@code exactRadius} (see {@link #DEFAULT_EXACT_RADIUS}); {@link #MULTI_INDEX_MAX_RADIUS} or
   * more makes every search exact.
   */
  public HammingIndex(int multiIndexThreshold, int fewerSubstringsFrom, int exactRadius) {
    if (multiIndexThreshold < 0 || fewerSubstringsFrom < 0 || exactRadius < 0) {
      throw new IllegalArgumentException("thresholds and radius must be at least 0");
    }
    this.multiIndexThreshold = multiIndexThreshold;
    this.fewerSubstringsFrom = fewerSubstringsFrom;
    this.exactRadius = exactRadius;
    this.multiIndex = multiIndexThreshold == 0 ? buildMultiIndex() : null;
  }

  /** Adds or replaces the hash stored for {@code id}. */
  public void put(String id, Hash256 hash) {
    byte[] key = IdArena.encode(id);
    int h = IdArena.hash(key);
    lock.writeLock().lock();
    try {
      int slot = slots.find(key, h);
      if (slot < 0) {
        slot = hashes.append(hash);
        idRefs.set(slot, arena.add(key));
        slots.insert(slot, h);
        size++;
        if (multiIndex != null
            && multiIndex.substrings() == Substrings.SIXTEEN
            && size >= fewerSubstringsFrom) {
          // Grown into the wider layout: one rebuild. It is kept if the index shrinks again, so
          // puts and deletes around the boundary do not rebuild back and forth.
          multiIndex = buildMultiIndex();
        } else if (multiIndex != null) {
          multiIndex.add(slot, hash.word(0), hash.word(1), hash.word(2), hash.word(3));
        } else if (size >= multiIndexThreshold && !reloading) {
          multiIndex = buildMultiIndex();
        }
      } else {
        if (multiIndex != null) {
          unindex(slot);
        }
        hashes.set(slot, hash);
        if (multiIndex != null) {
          multiIndex.add(slot, hash.word(0), hash.word(1), hash.word(2), hash.word(3));
        }
      }
      if (multiIndex != null) {
        multiIndex.mergeOneIfDue();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes {@code id}; returns whether it was present. */
  public boolean remove(String id) {
    byte[] key = IdArena.encode(id);
    int h = IdArena.hash(key);
    lock.writeLock().lock();
    try {
      int slot = slots.find(key, h);
      if (slot < 0) {
        return false;
      }
      if (multiIndex != null) {
        unindex(slot);
      }
      slots.delete(slot, h);
      arena.release(idRefs.get(slot));
      int last = size - 1;
      if (slot != last) {
        // Swap-remove: the last entry fills the hole so the packed arrays stay dense.
        if (multiIndex != null) {
          multiIndex.relabel(
              last,
              slot,
              hashes.word(last, 0),
              hashes.word(last, 1),
              hashes.word(last, 2),
              hashes.word(last, 3));
        }
        int lastRef = idRefs.get(last);
        slots.relabel(last, slot, arena.hash(lastRef));
        hashes.copy(last, slot);
        idRefs.set(slot, lastRef);
      }
      hashes.removeLast();
      size--;
      idRefs.trim(size);
      if (arena.needsCompaction()) {
        arena.compact(idRefs, size);
      }
      if (multiIndex != null && multiIndexThreshold > 0 && size < multiIndexThreshold / 2) {
        multiIndex = null; // small again: the scan is cheap and the lists cost ~36 bytes per entry
      } else if (multiIndex != null) {
        multiIndex.mergeOneIfDue();
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Replaces everything with the entries that {@code source} passes to its sink (as {@link #put}
   * would), for a rebuild: the multi-index lists are then built once, exactly sized, instead of
   * grown list by list with every put. Searches wait until it is done.
   */
  public void reload(Consumer<BiConsumer<String, Hash256>> source) {
    lock.writeLock().lock();
    try {
      clear();
      multiIndex = null;
      reloading = true;
      try {
        source.accept(this::put);
      } finally {
        reloading = false;
        if (multiIndexThreshold == 0 || size >= multiIndexThreshold) {
          multiIndex = buildMultiIndex();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes everything. */
  public void clear() {
    lock.writeLock().lock();
    try {
      hashes.clear();
      arena.clear();
      idRefs.clear();
      slots.clear();
      size = 0;
      multiIndex = multiIndexThreshold == 0 ? buildMultiIndex() : null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Number of indexed hashes. */
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The best {@code k} entries whose distance to any of {@code queryForms} is at most {@code
   * maxDistance}, best first. {@code queryForms.get(i)} is the query under dihedral form {@code i};
   * fewer than eight forms may be given.
   */
  public List<IndexMatch> search(List<Hash256> queryForms, int k, int maxDistance) {
    return search(queryForms, k, maxDistance, SearchPath.AUTO);
  }

  /** As {@link #search(List, int, int)}, forcing the algorithm (for benchmarks and tests). */
  public List<IndexMatch> search(
      List<Hash256> queryForms, int k, int maxDistance, SearchPath path) {
    int forms = queryForms.size();
    if (forms == 0 || forms > Dihedral.values().length) {
      throw new IllegalArgumentException("between 1 and 8 query forms, got " + forms);
    }
    CandidateScorer scorer = new CandidateScorer(queryForms, k, maxDistance, this::idOfSlot);
    lock.readLock().lock();
    try {
      boolean mihFits =
          multiIndex != null && maxDistance >= 0 && maxDistance <= MultiIndexHashing.MAX_RADIUS;
      if (path == SearchPath.MULTI_INDEX && !mihFits) {
        throw new IllegalStateException(
            multiIndex == null
                ? "multi-index hashing is not built (size "
                    + size
                    + " < threshold "
                    + multiIndexThreshold
                    + ")"
                : "multi-index hashing answers radii 0.." + MultiIndexHashing.MAX_RADIUS);
      }
      if (maxDistance < 0) {
        return List.of();
      }
      if (path == SearchPath.MULTI_INDEX) {
        multiIndex.search(scorer, hashes, size, maxDistance);
      } else if (path == SearchPath.AUTO && mihFits && multiIndexPays(maxDistance)) {
        multiIndex.search(scorer, hashes, size, maxDistance, exactRadius);
      } else {
        BruteForceScan.scan(hashes, size, scorer);
      }
      return scorer.result();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Whether the lists beat the scan when {@link SearchPath#AUTO} probes them for {@code
   * maxDistance}. Up to 31 always, and past it when the probes stop at {@link #exactRadius} ≤ 35.
   * Probed to three bits (radius 48 exactly), they pay only with the 14 wider substrings
   * (IndexProbe, radius 48: at 1M entries in 16 substrings, one form 2.10 ms against a 1.82 ms
   * scan; at 5M in 14, one form 7.6 against 9.4 ms, eight forms 75 against 111 ms).
   */
  private boolean multiIndexPays(int maxDistance) {
    return Math.min(maxDistance, exactRadius) <= 35
        || multiIndex.substrings() == Substrings.FOURTEEN;
  }

  /** The algorithm {@link SearchPath#AUTO} picks for {@code maxDistance} now (for tests). */
  SearchPath autoPath(int maxDistance) {
    lock.readLock().lock();
    try {
      return multiIndex != null
              && maxDistance >= 0
              && maxDistance <= MultiIndexHashing.MAX_RADIUS
              && multiIndexPays(maxDistance)
          ? SearchPath.MULTI_INDEX
          : SearchPath.BRUTE_FORCE;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether multi-index hashing is currently maintained. */
  public boolean hasMultiIndex() {
    lock.readLock().lock();
    try {
      return multiIndex != null;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Heap held by the index's arrays. */
  public IndexFootprint footprint() {
    lock.readLock().lock();
    try {
      return new IndexFootprint(
          size,
          hashes.capacityBytes(),
          arena.capacityBytes(),
          arena.liveBytes(),
          idRefs.capacityBytes() + slots.capacity() * 4L,
          multiIndex == null ? 0 : multiIndex.capacityBytes());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Id-arena garbage in bytes (for tests of compaction). */
  long arenaGarbageBytes() {
    return arena.garbageBytes();
  }

  /** Total inverted-list postings, or -1 without multi-index hashing (for tests). */
  long multiIndexPostings() {
    return multiIndex == null ? -1 : multiIndex.postings();
  }

  /**
   * Multi-index postings and holes awaiting a merge, or -1 without multi-index hashing (for tests).
   */
  long multiIndexPending() {
    return multiIndex == null ? -1 : multiIndex.pending();
  }

  /** The most postings and holes one substring awaits a merge with, or -1 (for tests). */
  long multiIndexLargestPending() {
    return multiIndex == null ? -1 : multiIndex.largestPending();
  }

  /** Postings in the multi-index's packed bases, or -1 (for tests). */
  long multiIndexBasePostings() {
    return multiIndex == null ? -1 : multiIndex.basePostings();
  }

  /** The substrings that multi-index hashing uses at {@code entries} entries. */
  private Substrings layoutFor(int entries) {
    return entries >= fewerSubstringsFrom ? Substrings.FOURTEEN : Substrings.SIXTEEN;
  }

  private MultiIndexHashing buildMultiIndex() {
    return MultiIndexHashing.build(hashes, size, layoutFor(size));
  }

  /** Number of substrings the multi-index lists use, or 0 without them (for tests). */
  int multiIndexSubstrings() {
    return multiIndex == null ? 0 : multiIndex.substrings().count();
  }

  private String idOfSlot(int slot) {
    return arena.string(idRefs.get(slot));
  }

  private void unindex(int slot) {
    multiIndex.remove(
        slot,
        hashes.word(slot, 0),
        hashes.word(slot, 1),
        hashes.word(slot, 2),
        hashes.word(slot, 3));
  }
}
