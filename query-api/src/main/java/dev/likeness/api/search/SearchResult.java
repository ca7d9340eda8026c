package dev.likeness.api.search;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The merged answer of a search across all instances.
 *
 * @param hits best first
 * @param partial whether some partition of the index was not searched
 * @param missingPartitions partitions of the images topic that no copy answered for
 * @param failures one line per partition not searched, saying why
 * @param stalePartitions partitions answered from a standby or restoring copy, with how far behind
 *     their changelog it was (offsets; -1 unknown)
 */
public record SearchResult(
    List<SearchHit> hits,
    boolean partial,
    Set<Integer> missingPartitions,
    List<String> failures,
    Map<Integer, Long> stalePartitions) {
  public SearchResult {
    hits = List.copyOf(hits);
    missingPartitions = Collections.unmodifiableSortedSet(new TreeSet<>(missingPartitions));
    failures = List.copyOf(failures);
    stalePartitions = Collections.unmodifiableSortedMap(new TreeMap<>(stalePartitions));
  }

  /** Whether some partition was answered from a copy that may be behind. */
  public boolean stale() {
    return !stalePartitions.isEmpty();
  }

  /** This answer, with {@code partition} also marked stale by {@code lag}. */
  public SearchResult withStale(int partition, long lag) {
    Map<Integer, Long> more = new TreeMap<>(stalePartitions);
    more.merge(partition, lag, Math::max);
    return new SearchResult(hits, partial, missingPartitions, failures, more);
  }
}
