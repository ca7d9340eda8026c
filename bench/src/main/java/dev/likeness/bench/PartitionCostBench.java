package dev.likeness.bench;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.match.ImageMatcher;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.MatchHit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the partition count costs a search on one node: N hashes split over P partitions as Kafka's
 * default partitioner splits their ids, each partition its own {@link ImageMatcher} (as each task
 * has its own store and index), one search asking every partition and merging the top k, as a node
 * holding all partitions does. The configurations are measured interleaved, query by query, so that
 * a shared machine's load falls on all of them alike; every configuration must return the same
 * hits.
 */
@Command(
    name = "partition-cost-bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Search cost on one node of N hashes in P partitions, for several P.")
public final class PartitionCostBench implements Callable<Integer> {
  @Option(names = "--count", defaultValue = "1000000", description = "Hashes indexed.")
  int count;

  @Option(
      names = "--partitions",
      split = ",",
      defaultValue = "2,6,12,24",
      description = "Partition counts to compare; the first is the baseline.")
  int[] partitions;

  @Option(names = "--queries", defaultValue = "2000", description = "Searches per configuration.")
  int queries;

  @Option(names = "--threshold", defaultValue = "48", description = "Search threshold.")
  int threshold;

  @Option(names = "--k", defaultValue = "10", description = "Hits per search.")
  int k;

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PartitionCostBench()).execute(args));
  }

  @Override
  public Integer call() {
    SplittableRandom rnd = new SplittableRandom(42);
    Hash256[] hashes = new Hash256[count];
    for (int i = 0; i < count; i++) {
      hashes[i] = random(rnd);
    }
    List<List<ImageMatcher>> configs = new ArrayList<>();
    for (int p : partitions) {
      long t0 = System.nanoTime();
      configs.add(fill(hashes, p));
      System.out.printf(
          "filled %d partitions with %d hashes in %d ms%n",
          p, count, (System.nanoTime() - t0) / 1_000_000);
    }
    // Half the queries are a stored hash with 8 bits flipped, half match nothing.
    SplittableRandom qr = new SplittableRandom(7);
    List<MatchFeatures> qs = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      Hash256 h = q % 2 == 0 ? flip(hashes[qr.nextInt(count)], 8, qr) : random(qr);
      qs.add(MatchFeatures.ofHash(h, 100));
    }
    long[][] nanos = new long[partitions.length][queries];
    // One warm-up pass so the JIT has compiled the search for every configuration.
    for (int c = 0; c < configs.size(); c++) {
      for (int q = 0; q < Math.min(queries, 300); q++) {
        search(configs.get(c), qs.get(q));
      }
    }
    for (int q = 0; q < queries; q++) {
      List<String> expected = null;
      for (int i = 0; i < configs.size(); i++) {
        int c = (q + i) % configs.size(); // rotate the order
        long t0 = System.nanoTime();
        List<MatchHit> hits = search(configs.get(c), qs.get(q));
        nanos[c][q] = System.nanoTime() - t0;
        List<String> ids = hits.stream().map(MatchHit::id).toList();
        if (expected == null) {
          expected = ids;
        } else if (!expected.equals(ids)) {
          throw new IllegalStateException(
              "query "
                  + q
                  + ": "
                  + partitions[c]
                  + " partitions found "
                  + ids
                  + ", not "
                  + expected);
        }
      }
    }
    double base = median(nanos[0]);
    System.out.printf(
        "%n%d hashes, k %d, threshold %d, %d searches per configuration (same hits in all)%n",
        count, k, threshold, queries);
    System.out.println("| partitions | median µs | p99 µs | median vs " + partitions[0] + " |");
    System.out.println("|---:|---:|---:|---:|");
    for (int c = 0; c < partitions.length; c++) {
      System.out.printf(
          "| %d | %.0f | %.0f | %.2f |%n",
          partitions[c],
          median(nanos[c]) / 1000,
          percentile(nanos[c], 0.99) / 1000,
          median(nanos[c]) / base);
    }
    return 0;
  }

  private List<MatchHit> search(List<ImageMatcher> shards, MatchFeatures query) {
    List<MatchHit> all = new ArrayList<>();
    for (ImageMatcher shard : shards) {
      all.addAll(shard.search(query, k, threshold));
    }
    all.sort(Comparator.comparingInt(MatchHit::score).thenComparing(MatchHit::id));
    return all.size() > k ? all.subList(0, k) : all;
  }

  private static List<ImageMatcher> fill(Hash256[] hashes, int partitions) {
    List<List<Integer>> members = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < hashes.length; i++) {
      byte[] key = ("h" + i).getBytes(StandardCharsets.UTF_8);
      members.get(Utils.toPositive(Utils.murmur2(key)) % partitions).add(i);
    }
    List<ImageMatcher> shards = new ArrayList<>();
    for (List<Integer> ids : members) {
      ImageMatcher m = new ImageMatcher(id -> null);
      m.reload(
          sink -> {
            for (int i : ids) {
              sink.accept("h" + i, hashes[i], null, 100, null);
            }
          });
      shards.add(m);
    }
    return shards;
  }

  private static Hash256 random(SplittableRandom r) {
    return Hash256.ofWords(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
  }

  private static Hash256 flip(Hash256 h, int bits, SplittableRandom r) {
    long[] w = {h.word(0), h.word(1), h.word(2), h.word(3)};
    for (int b = 0; b < bits; b++) {
      int bit = r.nextInt(256);
      w[bit >>> 6] ^= 1L << (bit & 63);
    }
    return Hash256.ofWords(w[0], w[1], w[2], w[3]);
  }

  private static double median(long[] values) {
    return percentile(values, 0.5);
  }

  private static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }
}
