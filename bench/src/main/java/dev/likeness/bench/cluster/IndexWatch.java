package dev.likeness.bench.cluster;

import java.util.List;

/**
 * Finds out which acknowledged images are indexed, by asking a serving node for each ({@code GET
 * /images/ID}), so that the search loops only search for images that exist.
 */
final class IndexWatch implements Runnable {
  private static final int PER_SWEEP = 200;
  private static final long PAUSE_MS = 200;

  private final Ledger ledger;
  private final List<ClusterNode> nodes;
  private volatile boolean running = true;

  IndexWatch(Ledger ledger, List<ClusterNode> nodes) {
    this.ledger = ledger;
    this.nodes = nodes;
  }

  @Override
  public void run() {
    int turn = 0;
    while (running) {
      for (String id : ledger.awaitingIndex(PER_SWEEP)) {
        ClusterNode node = serving(turn++);
        if (node == null || !running) {
          break;
        }
        if (node.client().image(id) == 200) {
          ledger.indexed(id);
        }
      }
      try {
        Thread.sleep(PAUSE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void stop() {
    running = false;
  }

  private ClusterNode serving(int turn) {
    for (int i = 0; i < nodes.size(); i++) {
      ClusterNode n = nodes.get((turn + i) % nodes.size());
      if (n.serving()) {
        return n;
      }
    }
    return null;
  }
}
