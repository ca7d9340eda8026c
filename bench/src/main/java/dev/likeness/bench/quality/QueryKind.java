package dev.likeness.bench.quality;

/** What a query is, and so what its best hit should be. */
public enum QueryKind {
  /** An edited copy of an indexed original: the original should be found. */
  EDITED,
  /** An edited copy of a held-out distractor: any hit within the threshold is a false match. */
  DISTRACTOR_EDITED,
  /** A held-out distractor as it is: any hit within the threshold is a false match. */
  DISTRACTOR_ORIGINAL,
  /**
   * An edited copy of an indexed flat picture ({@link FlatPictures}): the original should be found,
   * counted apart from the photographs.
   */
  FLAT_EDITED;

  /** Whether any hit of this query within the threshold is a false match. */
  public boolean distractor() {
    return this == DISTRACTOR_EDITED || this == DISTRACTOR_ORIGINAL;
  }
}
