package dev.likeness.bench.jmh;

import dev.likeness.core.hash.Hash256;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexFootprint;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.index.SearchPath;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One search of the index as the API does it: eight dihedral query forms, k = 10, radius 31, at 1M
 * and 10M entries, brute force vs multi-index hashing on the same data. Half the queries have a
 * near duplicate in the index (under one of the eight forms), half have none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class IndexSearchBench {
  private static final int QUERIES = 256;

  @Param({"1000000", "10000000"})
  int size;

  @Param({"brute", "mih"})
  String impl;

  private HammingIndex index;
  private List<List<Hash256>> queries;
  private SearchPath path;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    path = impl.equals("mih") ? SearchPath.MULTI_INDEX : SearchPath.BRUTE_FORCE;
    long heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    // The lists are built in one pass when the last entry arrives; brute force never builds them.
    index = new HammingIndex(path == SearchPath.MULTI_INDEX ? size : Integer.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(42);
    long[][] sample = new long[QUERIES][];
    for (int i = 0; i < size; i++) {
      Hash256 h;
      if (i >= 1000 && i % 10 == 0) {
        // 10 % near duplicates of an earlier entry: clusters like re-encoded or cropped copies.
        h = flip(randomOf(i - 1 - rnd.nextInt(1000)), rnd.nextInt(24), rnd);
      } else {
        h = randomOf(i);
      }
      index.put("img-" + i, h);
      if (i % (size / QUERIES) == 0 && i / (size / QUERIES) < QUERIES) {
        sample[i / (size / QUERIES)] = new long[] {h.word(0), h.word(1), h.word(2), h.word(3)};
      }
    }
    long fillMs = (System.nanoTime() - t0) / 1_000_000;
    long heapAfter = usedHeapAfterGc();
    IndexFootprint fp = index.footprint();
    System.out.printf("%n[fill] %d entries (%s) in %d ms; used heap delta after GC %.1f B/entry; "
            + "arrays: hashes %.1f, ids %.1f, id bookkeeping %.1f, multi-index %.1f B/entry%n",
        size, impl, fillMs, (heapAfter - heapBefore) / (double) size, fp.hashBytes() / (double) size,
        fp.idBytes() / (double) size, fp.bookkeepingBytes() / (double) size, fp.multiIndexBytes() / (double) size);
    queries = new ArrayList<>();
    SplittableRandom qr = new SplittableRandom(7);
    for (int q = 0; q < QUERIES; q++) {
      List<Hash256> forms = new ArrayList<>();
      int nearForm = q % 2 == 0 ? qr.nextInt(8) : -1;
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
  }

  @Benchmark
  public List<IndexMatch> search() {
    List<Hash256> forms = queries.get(next++ & (QUERIES - 1));
    return index.search(forms, 10, 31, path);
  }

  // Entry i's base hash is a function of its seed, so near duplicates can recompute it cheaply.
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

  static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
