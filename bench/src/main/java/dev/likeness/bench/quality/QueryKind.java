package dev.likeness.bench.quality;

/** What a query is, and so what its best hit should be. */
public enum QueryKind {
  /** An edited copy of an indexed original: the original should be found. */
  EDITED,
  /** An edited copy of a held-out distractor: any hit within the threshold is a false match. */
  DISTRACTOR_EDITED,
  /** A held-out distractor as it is: any hit within the threshold is a false match. */
  DISTRACTOR_ORIGINAL
}
