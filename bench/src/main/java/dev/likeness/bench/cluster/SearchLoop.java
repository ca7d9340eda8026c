package dev.likeness.bench.cluster;

import java.time.Duration;
import java.util.Random;

/**
 * Searches one node by id, again and again, for images seen indexed, and records each verdict.
 * While the node is down (a fault took it away and it is not ready yet) it is not asked.
 */
final class SearchLoop implements Runnable {
  private final ClusterNode node;
  private final Ledger ledger;
  private final Duration pause;
  private final Random random;
  private volatile boolean running = true;

  SearchLoop(ClusterNode node, Ledger ledger, Duration pause, long seed) {
    this.node = node;
    this.ledger = ledger;
    this.pause = pause;
    this.random = new Random(seed);
  }

  @Override
  public void run() {
    while (running) {
      String id = node.serving() ? ledger.anyIndexed(random) : null;
      long wait = pause.toMillis();
      if (id != null) {
        long started = ledger.now();
        int kills = node.kills();
        SearchVerdict.Classified c = SearchVerdict.classify(node.client().searchById(id), id);
        // A node SIGKILLed while it answered cannot answer: no load balancer would have saved it.
        // A graceful stop should let it finish, so such an answer counts.
        if (node.kills() == kills) {
          ledger.searched(
              new SearchOutcome(
                  node.index(), started, ledger.now(), id, c.verdict(), c.selfHits(), c.detail()));
        }
      } else {
        wait = 100;
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void stop() {
    running = false;
  }
}
