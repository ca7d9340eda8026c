package dev.likeness.core.index;

/** Exhaustive search: every stored hash against every query form, streaming through the pages. */
final class BruteForceScan {
  private BruteForceScan() {}

  /** Scores slots {@code [0, size)} of {@code hashes}. */
  static void scan(PackedHashes hashes, int size, CandidateScorer scorer) {
    for (int p = 0, first = 0; first < size; p++, first += PackedHashes.PAGE_SLOTS) {
      long[] page = hashes.page(p);
      int n = Math.min(PackedHashes.PAGE_SLOTS, size - first);
      for (int i = 0, b = 0; i < n; i++, b += 4) {
        scorer.score(first + i, page[b], page[b + 1], page[b + 2], page[b + 3]);
      }
    }
  }
}
