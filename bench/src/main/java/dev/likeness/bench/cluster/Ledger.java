package dev.likeness.bench.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happened during a run, as the clients saw it: every publication and its fate, the images
 * seen indexed, every search and its verdict. Times are ms since the ledger was made. Thread-safe.
 */
final class Ledger {
  private final long origin = System.nanoTime();
  private final Map<String, Publication> publications = new ConcurrentHashMap<>();
  private final List<String> indexed = new ArrayList<>(); // guarded by this
  private final List<String> awaitingIndex = new ArrayList<>(); // guarded by this
  private final List<SearchOutcome> searches = new ArrayList<>(); // guarded by this

  /** Milliseconds since the run began. */
  long now() {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  void sent(String id) {
    publications.put(id, new Publication(id, now(), -1, null));
  }

  void acked(String id) {
    Publication p = publications.get(id);
    publications.put(id, new Publication(id, p.sentAt(), now(), null));
    synchronized (this) {
      awaitingIndex.add(id);
    }
  }

  void failed(String id, String why) {
    Publication p = publications.get(id);
    publications.put(id, new Publication(id, p.sentAt(), -1, why));
  }

  List<Publication> publications() {
    return publications.values().stream()
        .sorted((a, b) -> Long.compare(a.sentAt(), b.sentAt()))
        .toList();
  }

  /** Acknowledged images not yet seen indexed, oldest first, at most {@code max}. */
  synchronized List<String> awaitingIndex(int max) {
    return List.copyOf(awaitingIndex.subList(0, Math.min(max, awaitingIndex.size())));
  }

  synchronized int awaitingIndexCount() {
    return awaitingIndex.size();
  }

  synchronized void indexed(String id) {
    if (awaitingIndex.remove(id)) {
      indexed.add(id);
    }
  }

  /** An image seen indexed, at random; null while none is. */
  synchronized String anyIndexed(Random random) {
    return indexed.isEmpty() ? null : indexed.get(random.nextInt(indexed.size()));
  }

  synchronized int indexedCount() {
    return indexed.size();
  }

  synchronized void searched(SearchOutcome outcome) {
    searches.add(outcome);
  }

  synchronized List<SearchOutcome> searches() {
    return List.copyOf(searches);
  }

  /**
   * Whether the node's last {@code n} searches all started at or after {@code since} and were
   * complete.
   */
  synchronized boolean completeStreak(int node, long since, int n) {
    int seen = 0;
    for (int i = searches.size() - 1; i >= 0 && seen < n; i--) {
      SearchOutcome o = searches.get(i);
      if (o.node() != node) {
        continue;
      }
      if (o.startedAt() < since || o.verdict() != SearchVerdict.COMPLETE) {
        return false;
      }
      seen++;
    }
    return seen == n;
  }
}
