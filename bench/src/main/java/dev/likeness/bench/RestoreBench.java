package dev.likeness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import dev.likeness.bench.jmh.SyntheticPhotos;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.feature.ImageSource;
import dev.likeness.node.LikenessNode;
import dev.likeness.node.NodeConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times a node without local state restoring images with keypoints from its changelog, at the
 * node's defaults: what a wiped node or a new one pays before it answers for its partitions.
 *
 * <p>Indexing 100,000 images through the topology would take half an hour of feature extraction, so
 * the bench extracts {@code --distinct} synthetic photos once and writes their encoded feature
 * records, each under many ids, straight into the store's changelog — the bytes the indexer itself
 * writes. The restore then decodes, stores and indexes every record as it would after a real ingest
 * (the keypoint index holds each distinct photo's words {@code count / distinct} times).
 */
@Command(
    name = "restore-bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Time a node without local state restoring N images with keypoints.")
public final class RestoreBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPLICATION_ID = "likeness-restore-bench";
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  @Option(names = "--count", defaultValue = "100000", description = "Images in the changelog.")
  int count;

  @Option(
      names = "--distinct",
      defaultValue = "1000",
      description = "Distinct synthetic photos whose features are extracted.")
  int distinct;

  @Option(names = "--side", defaultValue = "640", description = "Side of the synthetic photos.")
  int side;

  @Option(names = "--runs", defaultValue = "3", description = "Restores timed, one after another.")
  int runs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RestoreBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path tmp = Files.createTempDirectory("likeness-restore");
    try (KRaftBroker broker =
        KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0))) {
      NodeConfig cfg =
          NodeConfig.builder(broker.bootstrapServers(), tmp.resolve("node"))
              .httpPort(0)
              .applicationId(APPLICATION_ID)
              .build();
      // A first life creates the topics and the store's changelog.
      LikenessNode first = LikenessNode.start(cfg);
      first.awaitRunning(Duration.ofMinutes(2));
      first.close();

      List<byte[]> records = extract();
      long bytes = fillChangelog(broker.bootstrapServers(), records);
      System.out.printf(
          "changelog: %,d records, %.1f MiB (%,d B per record on average)%n",
          count, bytes / 1048576.0, bytes / count);

      HttpClient http = HttpClient.newHttpClient();
      List<Double> indexed = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        deleteTree(tmp.resolve("node").resolve("state"));
        long t0 = System.nanoTime();
        long cpu0 = OS.getProcessCpuTime();
        LikenessNode node = LikenessNode.start(cfg);
        try {
          awaitReadyWith(http, node.baseUrl(), count, Duration.ofMinutes(30));
          double s = (System.nanoTime() - t0) / 1e9;
          double c = (OS.getProcessCpuTime() - cpu0) / 1e9;
          indexed.add(s);
          cpu.add(c);
          System.out.printf(
              "run %d: ready with %,d images indexed %.1f s after start (%.1f s per 100k);"
                  + " %.1f s of CPU (broker and node)%n",
              run, count, s, s * 100_000 / count, c);
        } finally {
          node.close();
        }
      }
      indexed.sort(Comparator.naturalOrder());
      cpu.sort(Comparator.naturalOrder());
      System.out.printf(
          "Machine: %d cores, Java %s, max heap %d MiB. %,d images (%d distinct, %d px), %d"
              + " partitions. Restore, start to ready with all indexed: median %.1f s (%.1f s"
              + " per 100k), runs %s; CPU median %.1f s (%.1f s per 100k: the least wall time"
              + " %d free cores could take)%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          Runtime.getRuntime().maxMemory() >> 20,
          count,
          distinct,
          side,
          cfg.partitions(),
          indexed.get(indexed.size() / 2),
          indexed.get(indexed.size() / 2) * 100_000 / count,
          indexed,
          cpu.get(cpu.size() / 2),
          cpu.get(cpu.size() / 2) * 100_000 / count,
          Runtime.getRuntime().availableProcessors());
    } finally {
      deleteTree(tmp);
    }
    return 0;
  }

  /** Feature records of {@code distinct} synthetic photos, encoded as the indexer stores them. */
  private List<byte[]> extract() throws Exception {
    FeatureExtractor extractor = new FeatureExtractor();
    List<byte[]> out = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < distinct; i++) {
      byte[] jpeg = SyntheticPhotos.jpeg(SyntheticPhotos.photoLike(side, side, 7919L * i), false);
      FeatureRecord r =
          extractor.extract(jpeg, ImageSource.uploadedAt(System.currentTimeMillis()), 0);
      out.add(FeatureRecordCodec.encode(r));
    }
    System.out.printf("extracted %d photos in %.1f s%n", distinct, (System.nanoTime() - t0) / 1e9);
    return out;
  }

  /**
   * Writes {@code count} records to the store's changelog, keyed like the indexer's (the id's UTF-8
   * bytes, so the default partitioner puts each where its task reads it).
   */
  private long fillChangelog(String bootstrapServers, List<byte[]> records) throws Exception {
    String topic = APPLICATION_ID + "-features-changelog";
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        byte[] value = records.get(i % records.size());
        bytes += value.length;
        producer.send(
            new ProducerRecord<>(topic, ("r" + i).getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
    }
    return bytes;
  }

  private static void awaitReadyWith(HttpClient http, String base, long n, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      if (r.statusCode() == 200 && body.path("indexedLocally").asLong(-1) >= n) {
        return;
      }
      Thread.sleep(100); // a benchmark polling a remote count; nothing to block on
    }
    throw new IllegalStateException("not ready with " + n + " images within " + timeout);
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
