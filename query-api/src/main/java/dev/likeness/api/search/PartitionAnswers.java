package dev.likeness.api.search;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one instance answered for the partitions it was asked to search.
 *
 * @param hits its best hits over the partitions that answered, best first
 * @param fresh partitions answered from their running active store
 * @param stale partitions answered from a standby or restoring copy, with how far behind their
 *     changelog it was (in offsets; -1 unknown)
 * @param failed partitions that could not be searched here, each with the reason
 */
public record PartitionAnswers(
    List<SearchHit> hits,
    Set<Integer> fresh,
    Map<Integer, Long> stale,
    Map<Integer, String> failed) {
  public PartitionAnswers {
    hits = List.copyOf(hits);
    fresh = Set.copyOf(fresh);
    stale = Map.copyOf(stale);
    failed = Map.copyOf(failed);
  }
}
