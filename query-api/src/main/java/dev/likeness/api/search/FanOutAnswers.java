package dev.likeness.api.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/** What the rounds of one fan-out answered so far. Not thread-safe. */
final class FanOutAnswers {
  final List<SearchHit> hits = new ArrayList<>();
  final Set<Integer> fresh = new TreeSet<>();
  final Map<Integer, Long> stale = new TreeMap<>();
  final Map<Integer, String> failed = new TreeMap<>();
  final Map<Integer, Set<HostInfo>> tried = new HashMap<>();

  /** Whether {@code partition} was answered, from its active store or a stale copy. */
  boolean answered(int partition) {
    return fresh.contains(partition) || stale.containsKey(partition);
  }

  /** Adds one instance's answers: a partition answered fresh anywhere is not stale. */
  void add(HostInfo host, PartitionAnswers answers) {
    hits.addAll(answers.hits());
    for (int p : answers.fresh()) {
      fresh.add(p);
      stale.remove(p);
      failed.remove(p);
    }
    answers
        .stale()
        .forEach(
            (p, lag) -> {
              if (!fresh.contains(p)) {
                stale.merge(p, lag, (a, b) -> a < 0 ? b : b < 0 ? a : Math.min(a, b));
                failed.remove(p);
              }
            });
    answers
        .failed()
        .forEach(
            (p, why) -> {
              if (!answered(p)) {
                failed.put(p, who(host) + ": " + why);
              }
            });
  }

  /** These answers with a later round's, which asked again for the failed partitions. */
  FanOutAnswers merge(FanOutAnswers again) {
    hits.addAll(again.hits);
    fresh.addAll(again.fresh);
    again.stale.forEach(stale::putIfAbsent);
    Map<Integer, String> stillFailed = new TreeMap<>();
    for (Map.Entry<Integer, String> f : failed.entrySet()) {
      int p = f.getKey();
      if (!again.answered(p)) {
        stillFailed.put(p, again.failed.getOrDefault(p, f.getValue()));
      }
    }
    failed.clear();
    failed.putAll(stillFailed);
    again.tried.forEach((p, hosts) -> tried.computeIfAbsent(p, x -> new HashSet<>()).addAll(hosts));
    return this;
  }

  /**
   * The best {@code k} hits, each image once: a partition asked of two copies (a hedged call)
   * answers its images twice.
   */
  SearchResult result(int k) {
    hits.sort(SearchHit::compare);
    List<SearchHit> top = new ArrayList<>(Math.min(k, hits.size()));
    Set<String> seen = new HashSet<>();
    for (SearchHit h : hits) {
      if (top.size() == k) {
        break;
      }
      if (seen.add(h.id())) {
        top.add(h);
      }
    }
    return new SearchResult(
        top, !failed.isEmpty(), failed.keySet(), List.copyOf(failed.values()), stale);
  }

  static String who(HostInfo host) {
    return host.host() + ":" + host.port();
  }
}
