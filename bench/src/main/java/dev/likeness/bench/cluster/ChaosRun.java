package dev.likeness.bench.cluster;

import dev.likeness.contract.record.Topics;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run: starts the cluster, puts it under ingest and search load, runs the fault schedule,
 * lets the load drain, checks every image and reports.
 */
final class ChaosRun {
  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

  /** Producer retries last through a broker outage this long, so an outage loses nothing. */
  private static final Duration OUTAGE = Duration.ofMinutes(3);

  /** Once the indexers have caught up, how long the images may take to be seen by a search. */
  private static final Duration SEEN_INDEXED = Duration.ofSeconds(60);

  private ChaosRun() {}

  static ChaosReport run(ChaosConfig config) throws Exception {
    Files.createDirectories(config.workDir());
    Ledger ledger = new Ledger();
    String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    try (LocalCluster cluster = LocalCluster.start(config);
        ImagePublisher publisher =
            new ImagePublisher(
                PublisherConfig.of(cluster.bootstrapServers())
                    .withClientId("likeness-chaos")
                    .waitingOutOutagesOf(OUTAGE))) {
      log.info("cluster up: brokers {}, work dir {}", cluster.bootstrapServers(), config.workDir());
      IngestLoop ingest =
          new IngestLoop(
              publisher,
              ledger,
              "chaos-" + runId,
              runId.hashCode() * 1_000_003L,
              config.imagesPerSecond(),
              config.imageSide());
      IndexWatch watch = new IndexWatch(ledger, cluster.nodes());
      List<SearchLoop> searches = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      threads.add(new Thread(ingest, "chaos-ingest"));
      threads.add(new Thread(watch, "chaos-index-watch"));
      for (ClusterNode n : cluster.nodes()) {
        SearchLoop loop = new SearchLoop(n, ledger, config.searchPause(), n.index() * 7919L);
        searches.add(loop);
        threads.add(new Thread(loop, "chaos-search-" + n.name()));
      }
      threads.forEach(Thread::start);
      List<FaultWindow> windows;
      try {
        windows = new FaultRunner(cluster, ledger, config).run();
      } finally {
        ingest.stop();
      }
      if (!ingest.awaitSettled(OUTAGE.toSeconds() + 60, TimeUnit.SECONDS)) {
        log.warn("some publications were neither acknowledged nor failed");
      }
      long backlog = awaitDrained(cluster, config.drainTimeout());
      awaitIndexed(ledger, SEEN_INDEXED);
      searches.forEach(SearchLoop::stop);
      watch.stop();
      for (Thread t : threads) {
        t.join(NodeClient.TIMEOUT.toMillis() * 2);
      }
      log.info("load stopped; checking {} images", ledger.indexedCount());
      Map<String, ImageFate> fates = EndCheck.run(cluster, ledger);
      writeSearches(config.workDir().resolve("searches.csv"), windows, ledger.searches());
      return ChaosReport.of(
          setup(config), windows, ledger.publications(), ledger.searches(), fates, backlog);
    }
  }

  /** Every search with its verdict, for looking up what went wrong when and on which node. */
  private static void writeSearches(
      Path file, List<FaultWindow> windows, List<SearchOutcome> searches) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("window,ms_since_fault,node,started_ms,ended_ms,id,verdict,self_hits,detail");
    for (SearchOutcome o : searches) {
      FaultWindow w =
          windows.stream().filter(x -> x.contains(o.startedAt())).findFirst().orElse(null);
      lines.add(
          String.join(
              ",",
              w == null ? "" : w.label() + " #" + w.cycle(),
              w == null ? "" : Long.toString(o.startedAt() - w.startedAt()),
              Integer.toString(o.node()),
              Long.toString(o.startedAt()),
              Long.toString(o.endedAt()),
              o.id(),
              o.verdict().name(),
              Integer.toString(o.selfHits()),
              '"' + o.detail().replace("\"", "\"\"") + '"'));
    }
    Files.write(file, lines);
  }

  /**
   * Waits, within {@code bound}, until the indexers have committed every record of the images
   * topic: on two shared cores they can be minutes behind after a fault schedule, and an image
   * still in the backlog is late, not lost.
   */
  private static long awaitDrained(LocalCluster cluster, Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    long lastLog = 0;
    try (GroupLag lag =
        new GroupLag(cluster.bootstrapServers(), LocalCluster.APPLICATION_ID, Topics.IMAGES)) {
      while (true) {
        long records;
        try {
          records = lag.records();
        } catch (Exception e) {
          log.warn("could not read the indexers' lag: {}", e.toString());
          records = -1;
        }
        if (records == 0) {
          log.info("indexers caught up");
          return 0;
        }
        if (System.nanoTime() > deadline) {
          log.warn("indexers still {} records behind after {}", records, bound);
          return records;
        }
        if (System.nanoTime() - lastLog > Duration.ofSeconds(10).toNanos()) {
          log.info("waiting for the indexers: {} records behind", records);
          lastLog = System.nanoTime();
        }
        Thread.sleep(500);
      }
    }
  }

  private static void awaitIndexed(Ledger ledger, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (ledger.awaitingIndexCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (ledger.awaitingIndexCount() > 0) {
      log.warn("{} images not seen indexed within {}", ledger.awaitingIndexCount(), bound);
    }
  }

  private static String setup(ChaosConfig c) {
    return String.format(
            Locale.ROOT,
            "%d broker(s), %d nodes, %d partitions; %.1f images/s (%d×%d JPEG); %d cycle(s) of %s;"
                + " node JVM %s; %d cores, %s, Java %s.",
            c.brokers(),
            c.nodes(),
            c.partitions(),
            c.imagesPerSecond(),
            c.imageSide(),
            c.imageSide(),
            c.cycles(),
            c.faults().stream().map(Fault::label).collect(Collectors.joining(", ")),
            String.join(" ", c.nodeJvmOptions()),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            System.getProperty("java.version"))
        + (c.nodeEnv().isEmpty() ? "" : " Node settings: " + c.nodeEnv() + ".");
  }
}
