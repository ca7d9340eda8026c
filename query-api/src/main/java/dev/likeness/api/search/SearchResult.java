package dev.likeness.api.search;

import java.util.List;
import java.util.Set;

/**
 * The merged answer of a search across all instances.
 *
 * @param hits best first
 * @param partial whether some instance did not answer
 * @param missingPartitions partitions of the images topic whose index did not answer
 * @param failures one line per instance that failed, saying why
 */
public record SearchResult(
    List<SearchHit> hits, boolean partial, Set<Integer> missingPartitions, List<String> failures) {}
