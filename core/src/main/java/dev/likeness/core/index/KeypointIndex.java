package dev.likeness.core.index;

import dev.likeness.core.keypoint.Keypoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An inverted index of binary keypoint descriptors that votes for the images sharing the most
 * visual words with a query. A visual word is a fixed subset of descriptor bits (locality-sensitive
 * hashing by bit sampling); several tables, each with its own disjoint subset, give a matching
 * descriptor several chances to agree on one word. Each (table, word) holds a posting list of int
 * image slots: no object per keypoint.
 *
 * <p>Removal marks the slot dead; its postings are skipped, then dropped when a quarter of all
 * postings are dead. Thread-safe: many searches, one writer at a time.
 */
public final class KeypointIndex {
  /** Default number of tables. */
  public static final int DEFAULT_TABLES = 4;

  /** Default bits per visual word. */
  public static final int DEFAULT_WORD_BITS = 16;

  /**
   * Postings a bulk load buffers at once: 16 MiB of work arrays, about 3,000 images of 160
   * keypoints in 4 tables.
   */
  private static final int BULK_POSTINGS = 1 << 21;

  /** Seed of the bit subsets; changing it changes every word, so it is fixed. */
  private static final long BIT_SEED = 0x6C696B656E657373L;

  private final int tables;
  private final int wordBits;
  private final int[][] bitPositions;
  private final int[][] postings;
  private final int[] lengths;
  private final Map<String, Integer> slots = new HashMap<>();
  private String[] ids = new String[64];
  private int[] postingsOf = new int[64];
  private boolean[] dead = new boolean[64];
  private int slotCount;
  private long livePostings;
  private long deadPostings;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ThreadLocal<int[]> votes = ThreadLocal.withInitial(() -> new int[0]);

  /** An index with {@link #DEFAULT_TABLES} tables of {@link #DEFAULT_WORD_BITS}-bit words. */
  public KeypointIndex() {
    this(DEFAULT_TABLES, DEFAULT_WORD_BITS);
  }

  /** An index with {@code tables} tables of {@code wordBits}-bit words (disjoint bit subsets). */
  public KeypointIndex(int tables, int wordBits) {
    if (tables < 1 || wordBits < 4 || wordBits > 24 || tables * wordBits > Keypoints.BITS) {
      throw new IllegalArgumentException(tables + " tables of " + wordBits + " bits");
    }
    this.tables = tables;
    this.wordBits = wordBits;
    int[] all = new int[Keypoints.BITS];
    Arrays.setAll(all, i -> i);
    Random random = new Random(BIT_SEED);
    for (int i = all.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    bitPositions = new int[tables][];
    for (int t = 0; t < tables; t++) {
      bitPositions[t] = Arrays.copyOfRange(all, t * wordBits, (t + 1) * wordBits);
    }
    postings = new int[tables << wordBits][];
    lengths = new int[tables << wordBits];
  }

  /** Number of tables. */
  public int tables() {
    return tables;
  }

  /** The visual word of descriptor {@code i} of {@code keypoints} in {@code table}. */
  public int word(Keypoints keypoints, int i, int table) {
    long[] d = keypoints.descriptors();
    int base = Keypoints.WORDS * i;
    int word = 0;
    for (int b : bitPositions[table]) {
      word = (word << 1) | (int) ((d[base + (b >>> 6)] >>> (b & 63)) & 1L);
    }
    return word;
  }

  /** Indexes {@code keypoints} under {@code id}, replacing what {@code id} had. */
  public void put(String id, Keypoints keypoints) {
    lock.writeLock().lock();
    try {
      putLocked(id, keypoints);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void putLocked(String id, Keypoints keypoints) {
    removeLocked(id);
    int slot = slotCount++;
    ensureSlots(slotCount);
    ids[slot] = id;
    dead[slot] = false;
    slots.put(id, slot);
    int added = 0;
    for (int i = 0; i < keypoints.count(); i++) {
      for (int t = 0; t < tables; t++) {
        int list = (t << wordBits) | word(keypoints, i, t);
        int len = lengths[list];
        int[] p = postings[list];
        // This image's postings are appended now and only now, so a repeat is always last.
        if (len > 0 && p[len - 1] == slot) {
          continue;
        }
        if (p == null) {
          p = postings[list] = new int[2];
        } else if (len == p.length) {
          p = postings[list] = Arrays.copyOf(p, len + Math.max(2, len >> 1));
        }
        p[len] = slot;
        lengths[list] = len + 1;
        added++;
      }
    }
    postingsOf[slot] = added;
    livePostings += added;
  }

  /**
   * Replaces everything with the images {@code source} hands to its loader (a rebuild after a
   * restore). Appending image by image chases a posting list per keypoint and table through memory;
   * this buffers the words of a few thousand images at a time, sorts them by list and appends each
   * list's share in one copy, several times faster. The lists then hold what {@link #put} would
   * have built, in the same order.
   */
  public void reload(Consumer<BiConsumer<String, Keypoints>> source) {
    reload(source, BULK_POSTINGS);
  }

  /** {@link #reload(Consumer)} buffering at most {@code chunk} postings at a time. */
  void reload(Consumer<BiConsumer<String, Keypoints>> source, int chunk) {
    lock.writeLock().lock();
    try {
      clearLocked();
      BulkLoad load = new BulkLoad(chunk);
      source.accept(load::add);
      load.flush();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes {@code id}; whether it was indexed. */
  public boolean remove(String id) {
    lock.writeLock().lock();
    try {
      boolean removed = removeLocked(id);
      if (deadPostings > 0 && deadPostings * 4 > livePostings + deadPostings) {
        compact();
      }
      return removed;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes everything. */
  public void clear() {
    lock.writeLock().lock();
    try {
      clearLocked();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void clearLocked() {
    Arrays.fill(postings, null);
    Arrays.fill(lengths, 0);
    slots.clear();
    ids = new String[64];
    postingsOf = new int[64];
    dead = new boolean[64];
    slotCount = 0;
    livePostings = 0;
    deadPostings = 0;
  }

  /**
   * The postings of a bulk load, a chunk at a time: each image's distinct lists in arrival order,
   * then, per chunk, a counting sort by list and one copy per list. Runs under the write lock.
   */
  private final class BulkLoad {
    private final int[] listOf; // the list of each buffered posting
    private final int[] sorted; // the buffered postings' slots, grouped by list
    // Per list, side by side so that one cache line serves both: at 2 * list the last slot
    // buffered (to skip an image's repeats), at 2 * list + 1 the postings buffered, which a flush
    // turns into the list's next place in sorted.
    private final int[] perList;
    private int[] imageEnd = new int[256]; // where each buffered image's postings end in listOf
    private int firstSlot; // the slot of the first buffered image
    private int buffered; // postings buffered
    private int images; // images buffered

    BulkLoad(int chunk) {
      listOf = new int[chunk];
      sorted = new int[chunk];
      perList = new int[2 * postings.length];
      for (int list = 0; list < postings.length; list++) {
        perList[2 * list] = -1;
      }
      firstSlot = slotCount;
    }

    void add(String id, Keypoints keypoints) {
      if (keypoints == null || keypoints.count() == 0) {
        return;
      }
      if (buffered + keypoints.count() * tables > listOf.length) {
        flush();
        if (keypoints.count() * tables > listOf.length) {
          // More than a chunk on its own: appended as a put appends it.
          putLocked(id, keypoints);
          firstSlot = slotCount;
          return;
        }
      }
      int slot = slotCount++;
      ensureSlots(slotCount);
      ids[slot] = id;
      dead[slot] = false;
      Integer replaced = slots.put(id, slot);
      if (replaced != null) {
        // The source named it twice: the later one wins, as a second put would.
        slots.put(id, replaced);
        removeLocked(id);
        slots.put(id, slot);
      }
      int start = buffered;
      int[] per = perList;
      for (int i = 0; i < keypoints.count(); i++) {
        for (int t = 0; t < tables; t++) {
          int list = (t << wordBits) | word(keypoints, i, t);
          if (per[2 * list] != slot) {
            per[2 * list] = slot;
            per[2 * list + 1]++;
            listOf[buffered++] = list;
          }
        }
      }
      postingsOf[slot] = buffered - start;
      livePostings += buffered - start;
      if (images == imageEnd.length) {
        imageEnd = Arrays.copyOf(imageEnd, images * 2);
      }
      imageEnd[images++] = buffered;
    }

    /** Appends the buffered postings to their lists. */
    void flush() {
      // Turn the counts into each list's first place in sorted.
      int[] per = perList;
      int place = 0;
      for (int list = 0; list < postings.length; list++) {
        int c = per[2 * list + 1];
        per[2 * list + 1] = place;
        place += c;
      }
      int k = 0;
      for (int image = 0; image < images; image++) {
        int slot = firstSlot + image;
        for (int end = imageEnd[image]; k < end; k++) {
          sorted[per[2 * listOf[k] + 1]++] = slot;
        }
      }
      // Each list's place is now where its share ends; it began where the previous one's ended.
      int begin = 0;
      for (int list = 0; list < postings.length; list++) {
        int end = per[2 * list + 1];
        int n = end - begin;
        if (n > 0) {
          int len = lengths[list];
          int[] p = postings[list];
          if (p == null) {
            p = postings[list] = new int[Math.max(2, n)];
          } else if (len + n > p.length) {
            p = postings[list] = Arrays.copyOf(p, Math.max(len + n, len + (len >> 1)));
          }
          System.arraycopy(sorted, begin, p, len, n);
          lengths[list] = len + n;
        }
        per[2 * list + 1] = 0;
        begin = end;
      }
      buffered = 0;
      images = 0;
      firstSlot = slotCount;
    }
  }

  /** Number of indexed images. */
  public int size() {
    lock.readLock().lock();
    try {
      return slots.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of postings of live images (one per distinct word per table per image). */
  public long postings() {
    lock.readLock().lock();
    try {
      return livePostings;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Approximate heap held by the posting lists and slot tables, in bytes. */
  public long heapBytes() {
    lock.readLock().lock();
    try {
      long bytes =
          4L * postings.length + 4L * lengths.length; // references (compressed oops) and lengths
      for (int[] p : postings) {
        if (p != null) {
          bytes += 16 + 4L * p.length;
        }
      }
      return bytes + 12L * ids.length + 48L * slots.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The images that share at least {@code minVotes} visual words with {@code query}, most votes
   * first (ties by id), at most {@code max}. A query keypoint votes once per table for every image
   * holding its word there.
   */
  public List<Candidate> candidates(Keypoints query, int max, int minVotes) {
    lock.readLock().lock();
    try {
      int[] count = votes.get();
      if (count.length < slotCount) {
        count = new int[Math.max(slotCount, count.length * 2)];
        votes.set(count);
      }
      int[] touched = new int[64];
      int nTouched = 0;
      for (int i = 0; i < query.count(); i++) {
        for (int t = 0; t < tables; t++) {
          int list = (t << wordBits) | word(query, i, t);
          int[] p = postings[list];
          int len = lengths[list];
          for (int k = 0; k < len; k++) {
            int slot = p[k];
            if (count[slot]++ == 0) {
              if (nTouched == touched.length) {
                touched = Arrays.copyOf(touched, nTouched * 2);
              }
              touched[nTouched++] = slot;
            }
          }
        }
      }
      return best(count, touched, nTouched, max, minVotes);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The {@code max} touched slots with the most votes (at least {@code minVotes}, live), ties by
   * id; resets their counts. At 100k images a query touches tens of thousands of slots, so they are
   * ranked by a vote histogram, and only the ties at the cut are compared by id.
   */
  private List<Candidate> best(int[] count, int[] touched, int nTouched, int max, int minVotes) {
    int kept = 0;
    int topVotes = 0;
    for (int k = 0; k < nTouched; k++) {
      int slot = touched[k];
      int v = count[slot];
      count[slot] = 0;
      if (!dead[slot] && v >= minVotes) {
        touched[kept++] = slot;
        count[slot] = -v;
        topVotes = Math.max(topVotes, v);
      }
    }
    int[] histogram = new int[topVotes + 1];
    for (int k = 0; k < kept; k++) {
      histogram[-count[touched[k]]]++;
    }
    // The cut: the fewest votes that still reaches max candidates counting every slot above it.
    int cut = topVotes;
    int above = 0;
    while (cut > minVotes && above + histogram[cut] < max) {
      above += histogram[cut];
      cut--;
    }
    List<Candidate> out = new ArrayList<>();
    List<Candidate> ties = new ArrayList<>();
    for (int k = 0; k < kept; k++) {
      int slot = touched[k];
      int v = -count[slot];
      count[slot] = 0;
      if (v > cut) {
        out.add(new Candidate(ids[slot], v));
      } else if (v == cut) {
        ties.add(new Candidate(ids[slot], v));
      }
    }
    ties.sort((a, b) -> a.id.compareTo(b.id));
    out.addAll(ties.subList(0, Math.min(ties.size(), Math.max(0, max - out.size()))));
    out.sort(
        (a, b) -> a.votes != b.votes ? Integer.compare(b.votes, a.votes) : a.id.compareTo(b.id));
    return out;
  }

  /** An image and the number of visual words it shares with the query. */
  public record Candidate(String id, int votes) {}

  private boolean removeLocked(String id) {
    Integer slot = slots.remove(id);
    if (slot == null) {
      return false;
    }
    dead[slot] = true;
    ids[slot] = null;
    livePostings -= postingsOf[slot];
    deadPostings += postingsOf[slot];
    return true;
  }

  private void compact() {
    // Renumber live slots densely and drop dead postings; order within a list is kept.
    int[] renumber = new int[slotCount];
    int next = 0;
    for (int s = 0; s < slotCount; s++) {
      renumber[s] = dead[s] ? -1 : next++;
    }
    for (int list = 0; list < postings.length; list++) {
      int[] p = postings[list];
      if (p == null) {
        continue;
      }
      int w = 0;
      for (int k = 0; k < lengths[list]; k++) {
        int r = renumber[p[k]];
        if (r >= 0) {
          p[w++] = r;
        }
      }
      lengths[list] = w;
      postings[list] = w == 0 ? null : (w < p.length / 2 ? Arrays.copyOf(p, w) : p);
    }
    String[] newIds = new String[Math.max(64, next)];
    int[] newPostingsOf = new int[newIds.length];
    for (int s = 0; s < slotCount; s++) {
      if (renumber[s] >= 0) {
        newIds[renumber[s]] = ids[s];
        newPostingsOf[renumber[s]] = postingsOf[s];
        slots.put(ids[s], renumber[s]);
      }
    }
    ids = newIds;
    postingsOf = newPostingsOf;
    dead = new boolean[newIds.length];
    slotCount = next;
    deadPostings = 0;
  }

  private void ensureSlots(int n) {
    if (n > ids.length) {
      int cap = Math.max(n, ids.length * 2);
      ids = Arrays.copyOf(ids, cap);
      postingsOf = Arrays.copyOf(postingsOf, cap);
      dead = Arrays.copyOf(dead, cap);
    }
  }
}
