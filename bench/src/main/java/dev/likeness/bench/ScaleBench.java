package dev.likeness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.api.limit.RateLimit;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.ingest.cli.ImportHashesCommand;
import dev.likeness.node.LikenessNode;
import dev.likeness.node.NodeConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One node at scale, on a real in-process broker: fills the index with N hashes through {@code
 * likeness import-hashes}, measures HTTP search latency under concurrent clients, then the restore
 * of the whole store from its changelog on a node with no local state.
 */
@Command(
    name = "scale-bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Index N hashes, measure search latency under concurrent clients and restore time.")
public final class ScaleBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--count", defaultValue = "1000000", description = "Hashes to index.")
  int count;

  @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients.")
  int clients;

  @Option(names = "--searches", defaultValue = "4000", description = "Searches per search phase.")
  int searches;

  @Option(
      names = "--out",
      defaultValue = "bench-results",
      description = "Folder for the CSV and Markdown report.")
  Path out;

  @Option(
      names = "--write-only",
      description =
          "Only write the hash list (hashes.csv) and query hashes for wrk "
              + "(queries.txt: stored hashes with 8 bits flipped) to --out, for a node you run yourself.")
  boolean writeOnly;

  /** Runs the harness. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> sample = new ArrayList<>();
    if (writeOnly) {
      Files.createDirectories(out);
      writeHashList(out.resolve("hashes.csv"), count, sample);
      List<String> queries = new ArrayList<>();
      for (String hex : sample) {
        queries.add(flip(Hash256.fromHex(hex), 8).toHex());
      }
      Files.write(out.resolve("queries.txt"), queries);
      System.out.printf(
          "wrote %s (%,d hashes, ids h0..h%d) and %s (%d queries)%n",
          out.resolve("hashes.csv"), count, count - 1, out.resolve("queries.txt"), queries.size());
      return 0;
    }
    Path tmp = Files.createTempDirectory("likeness-scale");
    Path list = writeHashList(tmp.resolve("hashes.csv"), count, sample);
    StringBuilder md =
        new StringBuilder(
            String.format(
                "Machine: %d cores, Java %s, max heap %d MiB. %,d hashes.%n%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                count));
    StringBuilder csv = new StringBuilder("measure,n,median_ms,p90_ms,p99_ms,max_ms,value\n");
    try (KRaftBroker broker =
        KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0))) {
      NodeConfig cfg =
          NodeConfig.builder(broker.bootstrapServers(), tmp.resolve("node"))
              .httpPort(0)
              // One client measuring throughput, not a client to limit.
              .requestLimits(
                  RequestLimits.DEFAULTS.withSearches(RateLimit.OFF).withWrites(RateLimit.OFF))
              .build();
      long heapBefore = usedHeap();
      LikenessNode node = LikenessNode.start(cfg);
      node.awaitRunning(Duration.ofMinutes(2));
      HttpClient http = HttpClient.newHttpClient();

      long t0 = System.nanoTime();
      int exit =
          new CommandLine(new ImportHashesCommand())
              .execute("--bootstrap-servers", broker.bootstrapServers(), list.toString());
      double importSeconds = (System.nanoTime() - t0) / 1e9;
      awaitIndexed(http, node.baseUrl(), count, Duration.ofMinutes(30));
      double indexSeconds = (System.nanoTime() - t0) / 1e9;
      long heapAfter = usedHeap();
      md.append(
          String.format(
              "- import-hashes (exit %d): %.1f s, %.0f hashes/s published%n",
              exit, importSeconds, count / importSeconds));
      md.append(
          String.format(
              "- published → all searchable: %.1f s, %.0f hashes/s indexed%n",
              indexSeconds, count / indexSeconds));
      md.append(
          String.format(
              "- JVM heap used after GC: %d MiB → %d MiB (+%.0f bytes per indexed hash, broker and node together)%n%n",
              heapBefore >> 20, heapAfter >> 20, (heapAfter - heapBefore) / (double) count));
      csv.append(String.format("index_rate,%d,,,,,%.0f%n", count, count / indexSeconds));

      md.append(Stats.header()).append('\n');
      String base = node.baseUrl();
      HttpLoad load = new HttpLoad(http, clients);
      Stats byHash =
          load.run(
              200,
              searches,
              () -> {
                Hash256 h =
                    Hash256.fromHex(sample.get(ThreadLocalRandom.current().nextInt(sample.size())));
                return HttpRequest.newBuilder(
                        URI.create(base + "/search?k=10&threshold=31&pdq=" + flip(h, 8).toHex()))
                    .GET()
                    .build();
              });
      md.append(byHash.row("GET /search?pdq= (" + clients + " clients)")).append('\n');
      csv.append(row("search_by_hash", byHash));
      Stats byId =
          load.run(
              200,
              searches,
              () -> {
                String id = "h" + ThreadLocalRandom.current().nextInt(count);
                return HttpRequest.newBuilder(
                        URI.create(base + "/search?k=10&threshold=31&id=" + id))
                    .GET()
                    .build();
              });
      md.append(byId.row("GET /search?id= (8 forms, " + clients + " clients)")).append('\n');
      csv.append(row("search_by_id", byId));

      // Restore: a node with no local state rebuilds the store from the changelog.
      node.close();
      deleteTree(tmp.resolve("node").resolve("state"));
      long r0 = System.nanoTime();
      LikenessNode restored = LikenessNode.start(cfg);
      restored.awaitRunning(Duration.ofMinutes(30));
      awaitIndexed(http, restored.baseUrl(), count, Duration.ofMinutes(30));
      double restoreSeconds = (System.nanoTime() - r0) / 1e9;
      md.append(
          String.format(
              "%n- restore of %,d entries from the changelog on a node without local state: %.1f s%n",
              count, restoreSeconds));
      csv.append(String.format("restore_seconds,%d,,,,,%.1f%n", count, restoreSeconds));
      restored.close();
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("scale.csv"), csv);
    Files.writeString(out.resolve("scale.md"), md);
    System.out.println(md);
    deleteTree(tmp);
    return 0;
  }

  private static Path writeHashList(Path file, int n, List<String> sample) throws IOException {
    Random rnd = new Random(42);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("hash,id,quality\n");
      for (int i = 0; i < n; i++) {
        String hex =
            Hash256.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()).toHex();
        if (i % Math.max(1, n / 10_000) == 0) {
          sample.add(hex);
        }
        w.write(hex);
        w.write(",h");
        w.write(Integer.toString(i));
        w.write(",100\n");
      }
    }
    return file;
  }

  private static Hash256 flip(Hash256 h, int bits) {
    long[] w = {h.word(0), h.word(1), h.word(2), h.word(3)};
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0; i < bits; i++) {
      int b = rnd.nextInt(256);
      w[b >>> 6] ^= 1L << (b & 63);
    }
    return Hash256.ofWords(w);
  }

  private static void awaitIndexed(HttpClient http, String base, long n, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      if (body.path("indexedLocally").asLong(-1) >= n) {
        return;
      }
      Thread.sleep(200); // a benchmark polling a remote count; nothing to block on
    }
    throw new IllegalStateException("index did not reach " + n + " in " + timeout);
  }

  private static String row(String measure, Stats s) {
    return String.format(
        "%s,%d,%.2f,%.2f,%.2f,%.2f,%n", measure, s.n(), s.median(), s.p90(), s.p99(), s.max());
  }

  private static long usedHeap() {
    System.gc();
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
