package dev.likeness.bench.jmh;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexFootprint;
import dev.likeness.core.index.SearchPath;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Heap per entry and per-query CPU time of both search paths on the {@link IndexFixture} data. CPU
 * time of the searching thread, not wall time, so a busy shared machine disturbs it less than it
 * does JMH's wall-clock numbers. Usage: {@code IndexProbe SIZE [QUERIES [incremental | layouts]]};
 * {@code incremental} then also fills the index put by put past the default multi-index threshold
 * (as a node ingests), to time the list merges and measure the heap with their pending delta;
 * {@code layouts} compares the lists cut into 16 and into 14 substrings; {@code radii} times the
 * default search at radius 48 with the lists exact to each of several radii.
 */
public final class IndexProbe {
  private IndexProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    int size = Integer.parseInt(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    if (args.length > 2 && args[2].equals("radii")) {
      int[] exact =
          args.length > 3
              ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
              : new int[] {-1, 31, 33, 35, 39, 48};
      radii(size, rounds, exact);
      return;
    }
    long before = IndexFixture.usedHeapAfterGc();
    long t0 = System.nanoTime();
    IndexFixture fixture = IndexFixture.fill(size, Integer.MAX_VALUE);
    System.out.printf("fill, store only: %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
    HammingIndex index = fixture.index();
    long withoutMih = IndexFixture.usedHeapAfterGc();
    report("store only", size, withoutMih - before, index.footprint());
    // Rebuild the same data with the lists, to measure them and the multi-index path.
    fixture = null;
    index = null;
    before = IndexFixture.usedHeapAfterGc();
    t0 = System.nanoTime();
    fixture = IndexFixture.fill(size, size);
    System.out.printf(
        "fill, lists built once at the end: %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
    index = fixture.index();
    long withMih = IndexFixture.usedHeapAfterGc();
    report("store + multi-index", size, withMih - before, index.footprint());

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<List<Hash256>> queries = fixture.queries();
    // Eight distinct forms (as a photo's), then form 0 alone (as GET /search?pdq=); at PDQ's usual
    // radius and at the matcher's default threshold.
    List<List<Hash256>> single = queries.stream().map(q -> List.of(q.get(0))).toList();
    for (int radius : new int[] {31, 48}) {
      for (List<List<Hash256>> mix : List.of(queries, single)) {
        for (SearchPath path : new SearchPath[] {SearchPath.BRUTE_FORCE, SearchPath.MULTI_INDEX}) {
          for (int i = 0; i < Math.min(32, rounds); i++) { // warm-up
            index.search(mix.get(i % mix.size()), 10, radius, path);
          }
          double[] ms = new double[rounds];
          long hits = 0;
          for (int i = 0; i < rounds; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            hits += index.search(mix.get(i % mix.size()), 10, radius, path).size();
            ms[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
          }
          Arrays.sort(ms);
          System.out.printf(
              "%-12s r=%d %d form(s) size %,d: CPU ms/query median %.3f, p10 %.3f, p90 %.3f (%d queries, %d hits)%n",
              path,
              radius,
              mix.get(0).size(),
              size,
              ms[rounds / 2],
              ms[rounds / 10],
              ms[rounds * 9 / 10],
              rounds,
              hits);
        }
      }
    }
    if (args.length > 2 && args[2].equals("incremental")) {
      fixture = null;
      index = null;
      incremental(size);
    }
    if (args.length > 2 && args[2].equals("layouts")) {
      fixture = null;
      index = null;
      layouts(size, rounds);
    }
  }

  /**
   * Per-query CPU of {@link SearchPath#AUTO} at radius 48 with the lists exact to 31, 35, 39 and
   * 48, beside the scan, on the same data; one index (the default layout for {@code size}) per
   * radius.
   */
  private static void radii(int size, int rounds, int[] radii) {
    for (int exact : radii) {
      IndexFixture fixture =
          IndexFixture.fill(
              size,
              size,
              HammingIndex.DEFAULT_FEWER_SUBSTRINGS_FROM,
              Math.max(exact, 0),
              index -> {});
      HammingIndex index = fixture.index();
      SearchPath path = exact < 0 ? SearchPath.BRUTE_FORCE : SearchPath.AUTO;
      List<List<Hash256>> single = fixture.queries().stream().map(q -> List.of(q.get(0))).toList();
      for (List<List<Hash256>> mix : List.of(fixture.queries(), single)) {
        printCpu(
            String.format("%-30s r=48", exact < 0 ? "scan" : "lists exact to " + exact),
            mix,
            size,
            cpuPerQuery(index, mix, 20, 48, path, rounds));
      }
      fixture = null;
      index = null;
    }
  }

  /** The CPU time of {@code rounds} searches of {@code mix}, after a warm-up, in ms, sorted. */
  private static double[] cpuPerQuery(
      HammingIndex index, List<List<Hash256>> mix, int k, int radius, SearchPath path, int rounds) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < Math.min(64, rounds); i++) {
      index.search(mix.get(i % mix.size()), k, radius, path);
    }
    double[] ms = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      index.search(mix.get(i % mix.size()), k, radius, path);
      ms[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void printCpu(String label, List<List<Hash256>> mix, int size, double[] ms) {
    System.out.printf(
        "%s %d form(s) size %,d: CPU ms/query median %.3f, p10 %.3f, p90 %.3f (%d queries)%n",
        label,
        mix.get(0).size(),
        size,
        ms[ms.length / 2],
        ms[ms.length / 10],
        ms[ms.length * 9 / 10],
        ms.length);
  }

  /** Per-query CPU and heap of the lists with 16 substrings, then 14, on the same data. */
  private static void layouts(int size, int rounds) {
    for (int fewerFrom : new int[] {Integer.MAX_VALUE, 0}) {
      String layout = fewerFrom == 0 ? "14 substrings" : "16 substrings";
      long before = IndexFixture.usedHeapAfterGc();
      IndexFixture fixture = IndexFixture.fill(size, size, fewerFrom);
      HammingIndex index = fixture.index();
      report(layout, size, IndexFixture.usedHeapAfterGc() - before, index.footprint());
      List<List<Hash256>> single = fixture.queries().stream().map(q -> List.of(q.get(0))).toList();
      for (List<List<Hash256>> mix : List.of(fixture.queries(), single)) {
        printCpu(
            String.format("%-14s", layout),
            mix,
            size,
            cpuPerQuery(index, mix, 10, 31, SearchPath.MULTI_INDEX, rounds));
      }
      fixture = null;
      index = null;
    }
  }

  /**
   * Fills put by put past the default threshold: the lists are built early, then grow and merge.
   */
  private static void incremental(int size) {
    long before = IndexFixture.usedHeapAfterGc();
    long t0 = System.nanoTime();
    // The lists' pending deltas rise and fall with the merges: the end is one point of that cycle,
    // the most the lists held along the way is what a heap must leave room for.
    long[] mostListBytes = {0, 0};
    HammingIndex index =
        IndexFixture.fill(
                size,
                HammingIndex.DEFAULT_MULTI_INDEX_THRESHOLD,
                HammingIndex.DEFAULT_FEWER_SUBSTRINGS_FROM,
                i -> {
                  long bytes = i.footprint().multiIndexBytes();
                  if (bytes > mostListBytes[0]) {
                    mostListBytes[0] = bytes;
                    mostListBytes[1] = i.size();
                  }
                })
            .index();
    System.out.printf(
        "fill, put by put from %,d on: %,d ms%n",
        HammingIndex.DEFAULT_MULTI_INDEX_THRESHOLD, (System.nanoTime() - t0) / 1_000_000);
    System.out.printf(
        "most multi-index bytes along the way (every 8,192 puts): %.1f B/entry at %,d entries"
            + " (%.1f B/entry of the final count)%n",
        mostListBytes[0] / (double) mostListBytes[1],
        mostListBytes[1],
        mostListBytes[0] / (double) size);
    report("incremental", size, IndexFixture.usedHeapAfterGc() - before, index.footprint());
  }

  private static void report(String what, int size, long heapDelta, IndexFootprint fp) {
    System.out.printf(
        "%-20s %,d entries: used heap after GC %.1f B/entry; arrays %.1f B/entry "
            + "(hashes %.1f, ids %.1f [live %.1f], id bookkeeping %.1f, multi-index %.1f)%n",
        what,
        size,
        heapDelta / (double) size,
        fp.totalBytes() / (double) size,
        fp.hashBytes() / (double) size,
        fp.idBytes() / (double) size,
        fp.idLiveBytes() / (double) size,
        fp.bookkeepingBytes() / (double) size,
        fp.multiIndexBytes() / (double) size);
  }
}
