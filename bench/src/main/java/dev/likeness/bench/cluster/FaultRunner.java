package dev.likeness.bench.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the fault schedule against the cluster under load: each fault in turn on the next target,
 * waiting after each until every serving node answers complete again (within a bound), then a
 * settling pause.
 */
final class FaultRunner {
  private static final Logger log = LoggerFactory.getLogger(FaultRunner.class);

  /** Consecutive complete answers from every node that count as recovered. */
  static final int STREAK = 3;

  private final LocalCluster cluster;
  private final Ledger ledger;
  private final ChaosConfig config;

  FaultRunner(LocalCluster cluster, Ledger ledger, ChaosConfig config) {
    this.cluster = cluster;
    this.ledger = ledger;
    this.config = config;
  }

  /**
   * Runs the steady load, then every fault {@code cycles} times.
   *
   * @return one window per fault run, the first for the steady load, each ending where the next
   *     begins (the last one now)
   */
  List<FaultWindow> run() throws Exception {
    List<FaultWindow> windows = new ArrayList<>();
    long steadyStart = ledger.now();
    Thread.sleep(config.warmUp().toMillis());
    long steadyRecovered = awaitComplete(steadyStart);
    windows.add(new FaultWindow(null, 0, "-", steadyStart, -1, steadyRecovered, -1, -1));
    for (int cycle = 1; cycle <= config.cycles(); cycle++) {
      for (Fault fault : config.faults()) {
        FaultWindow w = inject(fault, cycle);
        windows.set(windows.size() - 1, windows.get(windows.size() - 1).endingAt(w.startedAt()));
        windows.add(w);
        log.info(
            "{} #{} on {}: fresh after {} ms, back after {} ms, complete again after {} ms",
            fault.label(),
            cycle,
            w.target(),
            w.freshAt() < 0 ? -1 : w.freshAt() - w.startedAt(),
            w.backAt() < 0 ? -1 : w.backAt() - w.startedAt(),
            w.recoveredAt() < 0 ? -1 : w.recoveredAt() - w.startedAt());
        Thread.sleep(config.settle().toMillis());
      }
    }
    windows.set(windows.size() - 1, windows.get(windows.size() - 1).endingAt(ledger.now()));
    return windows;
  }

  private FaultWindow inject(Fault fault, int cycle) throws Exception {
    int nodes = cluster.nodes().size();
    int brokers = cluster.brokers().size();
    // Each fault moves to the next target from one cycle to the next.
    int node = (cycle - 1 + fault.ordinal()) % nodes;
    int broker = (cycle - 1) % brokers;
    long start = ledger.now();
    String target;
    CompletableFuture<Long> fresh = CompletableFuture.completedFuture(-1L);
    switch (fault) {
      case NODE_KILL -> {
        target = cluster.nodes().get(node).name();
        cluster.killNode(node);
        fresh = othersComplete(start);
        cluster.startNode(node);
      }
      case NODE_WIPE -> {
        target = cluster.nodes().get(node).name();
        cluster.killNode(node);
        fresh = othersComplete(start);
        cluster.wipeNode(node);
        cluster.startNode(node);
      }
      case BROKER_KILL -> {
        target = cluster.brokers().get(broker).name();
        cluster.killBroker(broker);
        cluster.startBroker(broker);
      }
      case ROLLING_RESTART -> {
        target = "all nodes";
        for (int i = 0; i < nodes; i++) {
          cluster.stopNode(i);
          cluster.startNode(i);
          // As an operator would: the next node stops only once this one's copies are current.
          cluster.awaitCopiesInSync(i);
        }
      }
      default -> throw new IllegalArgumentException(fault.toString());
    }
    long back = ledger.now();
    long recovered = awaitComplete(back);
    return new FaultWindow(fault, cycle, target, start, back, recovered, fresh.get(), -1);
  }

  /**
   * Watches, while a killed node restarts, for the moment every node still serving has answered
   * {@link #STREAK} searches begun after the kill complete: the survivors have taken the node's
   * partitions over (or it is back).
   */
  private CompletableFuture<Long> othersComplete(long kill) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return awaitComplete(kill, false);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1L;
          }
        });
  }

  /**
   * Waits until every serving node's last {@link #STREAK} searches, all begun at or after {@code
   * since}, were complete.
   *
   * @return when that was first seen, or -1 if not within the recovery bound
   */
  private long awaitComplete(long since) throws InterruptedException {
    return awaitComplete(since, true);
  }

  /**
   * Waits until the last {@link #STREAK} searches, all begun at or after {@code since}, were
   * complete on every node ({@code everyNode}), or on every node serving, at least one.
   *
   * @return when that was first seen, or -1 if not within the recovery bound
   */
  private long awaitComplete(long since, boolean everyNode) throws InterruptedException {
    long deadline = ledger.now() + config.recoveryTimeout().toMillis();
    while (ledger.now() < deadline) {
      boolean all = true;
      int serving = 0;
      for (ClusterNode n : cluster.nodes()) {
        if (n.serving()) {
          serving++;
          all &= ledger.completeStreak(n.index(), since, STREAK);
        } else {
          all &= !everyNode;
        }
      }
      if (all && serving > 0) {
        return ledger.now();
      }
      Thread.sleep(Duration.ofMillis(100).toMillis());
    }
    return -1;
  }
}
