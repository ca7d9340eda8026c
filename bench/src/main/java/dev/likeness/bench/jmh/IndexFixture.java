package dev.likeness.bench.jmh;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.index.HammingIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A filled index and a query mix: uniform random 256-bit hashes with 10 % near duplicates of
 * earlier entries (up to 23 bits flipped), ids {@code img-<n>}; 256 queries of eight forms, half
 * with one form within 19 bits of a stored hash, half with none.
 *
 * @param index the filled index
 * @param queries the query forms
 */
public record IndexFixture(HammingIndex index, List<List<Hash256>> queries) {
  /** Number of prepared queries (a power of two). */
  public static final int QUERIES = 256;

  /** Fills an index of {@code size} entries with the given multi-index threshold. */
  public static IndexFixture fill(int size, int multiIndexThreshold) {
    return fill(size, multiIndexThreshold, HammingIndex.DEFAULT_FEWER_SUBSTRINGS_FROM);
  }

  /**
   * Fills an index of {@code size} entries with the given multi-index threshold and the size from
   * which its lists use 14 substrings instead of 16.
   */
  public static IndexFixture fill(int size, int multiIndexThreshold, int fewerSubstringsFrom) {
    return fill(size, multiIndexThreshold, fewerSubstringsFrom, index -> {});
  }

  /**
   * As {@link #fill(int, int, int)}, handing the index to {@code watch} after every 8,192nd put.
   */
  public static IndexFixture fill(
      int size, int multiIndexThreshold, int fewerSubstringsFrom, Consumer<HammingIndex> watch) {
    return fill(
        size, multiIndexThreshold, fewerSubstringsFrom, HammingIndex.DEFAULT_EXACT_RADIUS, watch);
  }

  /**
   * As {@link #fill(int, int, int, Consumer)}, with the index's default search exact to {@code
   * exactRadius}.
   */
  public static IndexFixture fill(
      int size,
      int multiIndexThreshold,
      int fewerSubstringsFrom,
      int exactRadius,
      Consumer<HammingIndex> watch) {
    HammingIndex index = new HammingIndex(multiIndexThreshold, fewerSubstringsFrom, exactRadius);
    SplittableRandom rnd = new SplittableRandom(42);
    long[][] sample = new long[QUERIES][];
    int every = Math.max(1, size / QUERIES);
    for (int i = 0; i < size; i++) {
      Hash256 h =
          i >= 1000 && i % 10 == 0
              ? flip(randomOf(i - 1 - rnd.nextInt(1000)), rnd.nextInt(24), rnd)
              : randomOf(i);
      index.put("img-" + i, h);
      if ((i & 8191) == 8191) {
        watch.accept(index);
      }
      if (i % every == 0 && i / every < QUERIES) {
        sample[i / every] = new long[] {h.word(0), h.word(1), h.word(2), h.word(3)};
      }
    }
    List<List<Hash256>> queries = new ArrayList<>();
    SplittableRandom qr = new SplittableRandom(7);
    for (int q = 0; q < QUERIES; q++) {
      List<Hash256> forms = new ArrayList<>();
      int nearForm = q % 2 == 0 && sample[q] != null ? qr.nextInt(8) : -1;
      for (int f = 0; f < 8; f++) {
        if (f == nearForm) {
          long[] w = sample[q];
          forms.add(flip(Hash256.ofWords(w[0], w[1], w[2], w[3]), qr.nextInt(20), qr));
        } else {
          forms.add(Hash256.ofWords(qr.nextLong(), qr.nextLong(), qr.nextLong(), qr.nextLong()));
        }
      }
      queries.add(forms);
    }
    return new IndexFixture(index, queries);
  }

  /** Used heap after a few full GCs. */
  public static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  // Entry i's base hash is a function of i, so a near duplicate recomputes its original cheaply.
  private static Hash256 randomOf(int i) {
    SplittableRandom r = new SplittableRandom(0x9E3779B97F4A7C15L * (i + 1));
    return Hash256.ofWords(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
  }

  private static Hash256 flip(Hash256 h, int bits, SplittableRandom rnd) {
    long[] w = {h.word(0), h.word(1), h.word(2), h.word(3)};
    for (int b = 0; b < bits; b++) {
      int bit = rnd.nextInt(256); // may hit a bit twice: "up to" bits
      w[bit >>> 6] ^= 1L << (bit & 63);
    }
    return Hash256.ofWords(w);
  }
}
