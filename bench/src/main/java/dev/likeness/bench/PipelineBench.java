package dev.likeness.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.likeness.api.limit.RateLimit;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.core.image.turbo.TurboJpeg;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.node.LikenessNode;
import dev.likeness.node.NodeConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end harness on a real in-process broker and node: ingest throughput, publish-to-searchable
 * latency, and search latency through HTTP. Prints a Markdown report and writes a CSV.
 */
@Command(
    name = "pipeline-bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Measures ingest throughput, publish-to-searchable latency and HTTP search latency.")
public final class PipelineBench implements Callable<Integer> {
  @Option(
      names = "--images",
      defaultValue = "seeds",
      description = "Folder of images to publish (cycled).")
  Path images;

  @Option(names = "--count", defaultValue = "200", description = "Images per phase.")
  int count;

  @Option(
      names = "--rate",
      defaultValue = "10",
      description =
          "Publish rate of the latency phase, images/s; 0 = half the burst's indexer throughput.")
  double rate;

  @Option(names = "--searches", defaultValue = "400", description = "Searches per search phase.")
  int searches;

  @Option(
      names = "--clients",
      defaultValue = "4",
      description = "Concurrent HTTP clients in the search phases.")
  int clients;

  @Option(
      names = "--warmup",
      defaultValue = "100",
      description =
          "Images indexed before the burst and not measured, so the JIT has compiled the hot paths.")
  int warmup;

  @Option(
      names = "--keypoints",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Whether the node extracts keypoints (--no-keypoints: whole-image hashes only).")
  boolean keypoints;

  @Option(
      names = "--streams",
      description =
          "Kafka Streams property of the node, key=value (repeatable), e.g."
              + " processing.guarantee=at_least_once or commit.interval.ms=100.")
  Map<String, String> streamsOverrides = Map.of();

  @Option(
      names = "--out",
      defaultValue = "bench-results",
      description = "Folder for the CSV and Markdown report.")
  Path out;

  /** Runs the harness. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<byte[]> corpus = load(images);
    Path tmp = Files.createTempDirectory("likeness-bench");
    StringBuilder report = new StringBuilder();
    StringBuilder csv =
        new StringBuilder("phase,measure,n,median_ms,p90_ms,p99_ms,max_ms,throughput_per_s\n");
    try (KRaftBroker broker =
        KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0))) {
      NodeConfig cfg =
          NodeConfig.builder(broker.bootstrapServers(), tmp.resolve("node"))
              .httpPort(0)
              .keypoints(keypoints)
              .streamsOverrides(streamsOverrides)
              // One client measuring throughput, not a client to limit.
              .requestLimits(
                  RequestLimits.DEFAULTS.withSearches(RateLimit.OFF).withWrites(RateLimit.OFF))
              .build();
      try (LikenessNode node = LikenessNode.start(cfg);
          ImagePublisher publisher =
              new ImagePublisher(PublisherConfig.of(broker.bootstrapServers()));
          FeatureWatcher watcher =
              new FeatureWatcher(
                  broker.bootstrapServers(),
                  cfg.applicationId() + "-" + ImageTopology.STORE + "-changelog")) {
        node.awaitRunning(Duration.ofMinutes(2));
        report.append(
            String.format(
                "Machine: %d cores, %s, Java %s, load average %.1f. Corpus: %d images from %s."
                    + " JPEG decoding: %s.%n%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                corpus.size(),
                images,
                TurboJpeg.shared().isPresent() ? "libjpeg-turbo" : "ImageIO"));
        report.append(Stats.header()).append('\n');

        if (warmup > 0) {
          watcher.await(publish(publisher, corpus, "warmup-", warmup, 0), Duration.ofMinutes(10));
        }
        // Phase 1: a burst, as fast as the producer goes: throughput of the indexer.
        long t0 = System.currentTimeMillis();
        long cpu0 = processCpuNanos();
        Map<String, Long> threads0 = ThreadCpu.byRole();
        List<String> burstIds = publish(publisher, corpus, "burst-", count, 0);
        Map<String, long[]> burst = watcher.await(burstIds, Duration.ofMinutes(10));
        long lastIndexed = burst.values().stream().mapToLong(v -> v[1]).max().orElse(t0);
        // CPU per image of the whole JVM (producer, broker, node) over the burst: unlike wall-clock
        // throughput, it
        // does not depend on how much of the machine other processes take.
        long cpuNanos = processCpuNanos() - cpu0;
        double cpuMsPerImage = cpuNanos / 1e6 / count;
        String cpuByRole = ThreadCpu.perImage(threads0, ThreadCpu.byRole(), cpuNanos, count);
        double throughput = count / ((lastIndexed - t0) / 1000.0);
        Stats burstLatency = Stats.of(latencies(burst));
        report.append(burstLatency.row("burst: publish→searchable")).append('\n');
        csv.append(csvRow("burst", "publish_to_searchable", burstLatency, throughput));

        // Phase 2: paced publishing: latency when the indexer keeps up.
        double rate = this.rate > 0 ? this.rate : throughput / 2;
        List<String> pacedIds = publish(publisher, corpus, "paced-", count, rate);
        Stats paced = Stats.of(latencies(watcher.await(pacedIds, Duration.ofMinutes(10))));
        report
            .append(paced.row(String.format("paced %.0f/s: publish→searchable", rate)))
            .append('\n');
        csv.append(csvRow("paced", "publish_to_searchable", paced, rate));

        // Phase 3 and 4: searches through HTTP, by image bytes and by id.
        HttpClient http = HttpClient.newHttpClient();
        String base = node.baseUrl();
        HttpLoad load = new HttpLoad(http, clients);
        Stats byImage =
            load.run(
                0,
                searches,
                () -> {
                  byte[] img = corpus.get(ThreadLocalRandom.current().nextInt(corpus.size()));
                  return HttpRequest.newBuilder(URI.create(base + "/search?k=10"))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(img))
                      .build();
                });
        report.append(byImage.row("POST /search (image, " + clients + " clients)")).append('\n');
        csv.append(csvRow("search", "post_image", byImage, 0));
        Stats byId =
            load.run(
                0,
                searches,
                () -> {
                  String id = burstIds.get(ThreadLocalRandom.current().nextInt(burstIds.size()));
                  return HttpRequest.newBuilder(
                          URI.create(
                              base
                                  + "/search?k=10&id="
                                  + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                      .GET()
                      .build();
                });
        report.append(byId.row("GET /search?id= (" + clients + " clients)")).append('\n');
        csv.append(csvRow("search", "get_by_id", byId, 0));
        report.append(
            String.format(
                "%nKeypoints: %s; Streams overrides: %s. Indexer throughput (burst of %d,"
                    + " after %d warm-up images): %.1f images/s; CPU per image (whole JVM:"
                    + " producer, broker, node) %.1f ms, i.e. %.0f images/s if all %d cores were free; paced phase at %.1f"
                    + " images/s; load average at the end %.1f%n",
                keypoints ? "on" : "off",
                streamsOverrides,
                count,
                warmup,
                throughput,
                cpuMsPerImage,
                Runtime.getRuntime().availableProcessors() * 1000 / cpuMsPerImage,
                Runtime.getRuntime().availableProcessors(),
                rate,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        report
            .append("CPU per image in the burst, by thread role (ms): ")
            .append(cpuByRole)
            .append('\n');
      }
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("pipeline.csv"), csv);
    Files.writeString(out.resolve("pipeline.md"), report);
    System.out.println(report);
    return 0;
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String csvRow(String phase, String measure, Stats s, double throughput) {
    return String.format(
        "%s,%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f%n",
        phase, measure, s.n(), s.median(), s.p90(), s.p99(), s.max(), throughput);
  }

  private static List<byte[]> load(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<byte[]> out = new ArrayList<>();
      for (Path p :
          files
              .filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png|webp|gif)$"))
              .sorted()
              .toList()) {
        out.add(Files.readAllBytes(p));
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no images in " + dir);
      }
      return out;
    }
  }

  private static List<String> publish(
      ImagePublisher publisher, List<byte[]> corpus, String prefix, int n, double rate)
      throws Exception {
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        // Parked, not spinning: a spinning publisher would take a core from the node it measures.
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
      }
      String id = prefix + i;
      ids.add(id);
      sent.add(
          publisher.publish(
              new ImageUpload(
                  id,
                  corpus.get(i % corpus.size()),
                  "image/jpeg",
                  "bench",
                  Map.of(),
                  System.currentTimeMillis())));
    }
    for (var f : sent) {
      f.get();
    }
    return ids;
  }

  private static List<Double> latencies(Map<String, long[]> seen) {
    List<Double> out = new ArrayList<>();
    seen.values().forEach(v -> out.add((double) (v[1] - v[0])));
    return out;
  }

  /** Reads the feature store's changelog and remembers (uploadedAt, indexedAt) per id. */
  static final class FeatureWatcher implements AutoCloseable {
    private final Map<String, long[]> seen = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    FeatureWatcher(String bootstrap, String changelog) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "likeness-bench-" + System.nanoTime());
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(changelog));
      thread = new Thread(this::run, "feature-watcher");
      thread.start();
    }

    private void run() {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() != null) {
            var rec = FeatureRecordCodec.decode(r.value());
            seen.put(r.key(), new long[] {rec.uploadedAt(), rec.indexedAt()});
          }
        }
      }
      consumer.close();
    }

    Map<String, long[]> await(List<String> ids, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!ids.stream().allMatch(seen::containsKey)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not all images were indexed in " + timeout);
        }
        Thread.sleep(50); // polling a map filled by another thread; nothing to block on
      }
      Map<String, long[]> out = new HashMap<>();
      ids.forEach(id -> out.put(id, seen.get(id)));
      return out;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5000);
    }
  }
}
