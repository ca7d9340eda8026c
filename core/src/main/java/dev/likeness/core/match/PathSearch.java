package dev.likeness.core.match;

/** One way of finding the indexed images a query came from; each records its hits in the search. */
interface PathSearch {
  /** Adds this path's candidates and scores to {@code search}. */
  void search(MatchSearch search);
}
