package dev.likeness.bench.cluster;

import dev.likeness.contract.record.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The checks once the load has stopped: every acknowledged image is in the images topic exactly
 * once, none is a dead letter, and every node finds each one by id ({@code GET /images/ID}, which a
 * node answers from its own store or its peer's).
 */
final class EndCheck {
  private static final int CONCURRENCY = 8;

  private EndCheck() {}

  static Map<String, ImageFate> run(LocalCluster cluster, Ledger ledger) throws Exception {
    List<String> acked =
        ledger.publications().stream().filter(Publication::acked).map(Publication::id).toList();
    Map<String, Integer> topic =
        TopicAudit.recordsPerKey(cluster.bootstrapServers(), Topics.IMAGES);
    Map<String, Integer> rejected =
        TopicAudit.recordsPerKey(cluster.bootstrapServers(), Topics.REJECTED);
    Map<String, Integer> selfHits = new HashMap<>();
    for (SearchOutcome o : ledger.searches()) {
      selfHits.merge(o.id(), o.selfHits(), Math::max);
    }
    List<ClusterNode> nodes = cluster.nodes();
    AtomicIntegerArray holding = new AtomicIntegerArray(acked.size());
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (ClusterNode node : nodes) {
        for (int chunk = 0; chunk < CONCURRENCY; chunk++) {
          int first = chunk;
          calls.add(
              pool.submit(
                  () -> {
                    for (int i = first; i < acked.size(); i += CONCURRENCY) {
                      if (node.client().image(acked.get(i)) == 200) {
                        holding.incrementAndGet(i);
                      }
                    }
                  }));
        }
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, ImageFate> fates = new HashMap<>();
    for (int i = 0; i < acked.size(); i++) {
      String id = acked.get(i);
      fates.put(
          id,
          new ImageFate(
              id,
              topic.getOrDefault(id, 0),
              rejected.containsKey(id),
              holding.get(i),
              nodes.size(),
              selfHits.getOrDefault(id, 0)));
    }
    return fates;
  }
}
