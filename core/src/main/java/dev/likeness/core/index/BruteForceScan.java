package dev.likeness.core.index;

/** Exhaustive search: every stored hash against every query form, streaming through the pages. */
final class BruteForceScan {
  private BruteForceScan() {}

  /** Scores slots {@code [0, size)} of {@code hashes}. */
  static void scan(PackedHashes hashes, int size, CandidateScorer scorer) {
    if (scorer.forms() == 1) {
      scanOneForm(hashes, size, scorer);
      return;
    }
    // The hot loop is inlined here (not a call per entry) with the bound in a local.
    long[] q = scorer.queryWords();
    int forms = scorer.forms();
    int[] formIds = scorer.formIds();
    int bound = scorer.bound();
    for (int p = 0, first = 0; first < size; p++, first += PackedHashes.PAGE_SLOTS) {
      long[] page = hashes.page(p);
      int end = Math.min(PackedHashes.PAGE_SLOTS, size - first) * 4;
      for (int b = 0; b < end; b += 4) {
        long h0 = page[b];
        long h1 = page[b + 1];
        long h2 = page[b + 2];
        long h3 = page[b + 3];
        // (distance << 3 | form) keeps the minimum distance and, on ties, the lowest form (distinct
        // forms keep the order of their form indexes), and
        // Math.min compiles to a conditional move: no mispredicted branch per form.
        int best = Integer.MAX_VALUE;
        for (int f = 0, qb = 0; f < forms; f++, qb += 4) {
          int d =
              Long.bitCount(h0 ^ q[qb])
                  + Long.bitCount(h1 ^ q[qb + 1])
                  + Long.bitCount(h2 ^ q[qb + 2])
                  + Long.bitCount(h3 ^ q[qb + 3]);
          best = Math.min(best, d << 3 | f);
        }
        if (best >>> 3 <= bound) {
          scorer.offer(first + (b >>> 2), best >>> 3, formIds[best & 7]);
          bound = scorer.bound();
        }
      }
    }
  }

  private static void scanOneForm(PackedHashes hashes, int size, CandidateScorer scorer) {
    long[] q = scorer.queryWords();
    long q0 = q[0];
    long q1 = q[1];
    long q2 = q[2];
    long q3 = q[3];
    int bound = scorer.bound();
    for (int p = 0, first = 0; first < size; p++, first += PackedHashes.PAGE_SLOTS) {
      long[] page = hashes.page(p);
      int end = Math.min(PackedHashes.PAGE_SLOTS, size - first) * 4;
      for (int b = 0; b < end; b += 4) {
        int d =
            Long.bitCount(page[b] ^ q0)
                + Long.bitCount(page[b + 1] ^ q1)
                + Long.bitCount(page[b + 2] ^ q2)
                + Long.bitCount(page[b + 3] ^ q3);
        if (d <= bound) {
          scorer.offer(first + (b >>> 2), d, 0); // the only distinct form is form 0
          bound = scorer.bound();
        }
      }
    }
  }
}
