package dev.likeness.bench.jmh;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexFootprint;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.index.SearchPath;
import java.util.List;
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
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class IndexSearchBench {
  private static final int QUERIES = IndexFixture.QUERIES;

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
    long heapBefore = IndexFixture.usedHeapAfterGc();
    long t0 = System.nanoTime();
    // The lists are built in one pass when the last entry arrives; brute force never builds them.
    IndexFixture fixture =
        IndexFixture.fill(size, path == SearchPath.MULTI_INDEX ? size : Integer.MAX_VALUE);
    index = fixture.index();
    long fillMs = (System.nanoTime() - t0) / 1_000_000;
    long heapAfter = IndexFixture.usedHeapAfterGc();
    IndexFootprint fp = index.footprint();
    System.out.printf(
        "%n[fill] %d entries (%s) in %d ms; used heap delta after GC %.1f B/entry; "
            + "arrays: hashes %.1f, ids %.1f, id bookkeeping %.1f, multi-index %.1f B/entry%n",
        size,
        impl,
        fillMs,
        (heapAfter - heapBefore) / (double) size,
        fp.hashBytes() / (double) size,
        fp.idBytes() / (double) size,
        fp.bookkeepingBytes() / (double) size,
        fp.multiIndexBytes() / (double) size);
    queries = fixture.queries();
  }

  @Benchmark
  public List<IndexMatch> search() {
    List<Hash256> forms = queries.get(next++ & (QUERIES - 1));
    return index.search(forms, 10, 31, path);
  }
}
