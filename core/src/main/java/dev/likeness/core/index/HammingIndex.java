package dev.likeness.core.index;

import dev.likeness.core.hash.Dihedral;
import dev.likeness.core.hash.Hash256;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-memory index of 256-bit hashes searched by exhaustive Hamming scan.
 *
 * <p>Hashes are packed four longs per entry in one array so a scan streams through memory; a
 * delete moves the last entry into the hole. One pass scores every query form, so the eight
 * dihedral forms of a query cost one scan. Safe for one writer and many concurrent readers.
 */
public final class HammingIndex {
  private static final int WORDS = Hash256.WORDS;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Integer> slotOfId = new HashMap<>();
  private long[] hashes = new long[WORDS * 1024];
  private String[] ids = new String[1024];
  private int size;

  /** Adds or replaces the hash stored for {@code id}. */
  public void put(String id, Hash256 hash) {
    lock.writeLock().lock();
    try {
      Integer slot = slotOfId.get(id);
      int s;
      if (slot == null) {
        ensureCapacity(size + 1);
        s = size++;
        ids[s] = id;
        slotOfId.put(id, s);
      } else {
        s = slot;
      }
      for (int w = 0; w < WORDS; w++) {
        hashes[s * WORDS + w] = hash.word(w);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes {@code id}; returns whether it was present. */
  public boolean remove(String id) {
    lock.writeLock().lock();
    try {
      Integer slot = slotOfId.remove(id);
      if (slot == null) {
        return false;
      }
      int last = --size;
      if (slot != last) {
        System.arraycopy(hashes, last * WORDS, hashes, slot * WORDS, WORDS);
        ids[slot] = ids[last];
        slotOfId.put(ids[slot], slot);
      }
      ids[last] = null;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes everything. */
  public void clear() {
    lock.writeLock().lock();
    try {
      slotOfId.clear();
      Arrays.fill(ids, 0, size, null);
      size = 0;
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
   * The best {@code k} entries whose distance to any of {@code queryForms} is at most
   * {@code maxDistance}, best first. {@code queryForms.get(i)} is the query under dihedral form
   * {@code i}; fewer than eight forms may be given.
   */
  public List<IndexMatch> search(List<Hash256> queryForms, int k, int maxDistance) {
    int forms = queryForms.size();
    if (forms == 0 || forms > Dihedral.values().length) {
      throw new IllegalArgumentException("between 1 and 8 query forms, got " + forms);
    }
    long[] q = new long[forms * WORDS];
    for (int f = 0; f < forms; f++) {
      for (int w = 0; w < WORDS; w++) {
        q[f * WORDS + w] = queryForms.get(f).word(w);
      }
    }
    Dihedral[] dihedrals = Dihedral.values();
    TopK top = new TopK(k);
    lock.readLock().lock();
    try {
      int bound = maxDistance;
      for (int s = 0; s < size; s++) {
        int base = s * WORDS;
        long h0 = hashes[base];
        long h1 = hashes[base + 1];
        long h2 = hashes[base + 2];
        long h3 = hashes[base + 3];
        int bestDistance = Integer.MAX_VALUE;
        int bestForm = 0;
        for (int f = 0; f < forms; f++) {
          int qb = f * WORDS;
          int d = Long.bitCount(h0 ^ q[qb])
              + Long.bitCount(h1 ^ q[qb + 1])
              + Long.bitCount(h2 ^ q[qb + 2])
              + Long.bitCount(h3 ^ q[qb + 3]);
          if (d < bestDistance) {
            bestDistance = d;
            bestForm = f;
          }
        }
        if (bestDistance <= bound) {
          top.offer(new IndexMatch(ids[s], bestDistance, dihedrals[bestForm]));
          // Once k are kept, nothing farther than the worst kept can enter.
          bound = Math.min(maxDistance, top.admissionDistance());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return top.toList();
  }

  private void ensureCapacity(int needed) {
    if (needed > ids.length) {
      int cap = Math.max(needed, ids.length * 2);
      ids = Arrays.copyOf(ids, cap);
      hashes = Arrays.copyOf(hashes, cap * WORDS);
    }
  }
}
