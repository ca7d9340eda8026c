package dev.likeness.bench.quality;

/**
 * What one search returned.
 *
 * @param kind what the query was
 * @param transform label of the edit ({@code "original"} for an unedited distractor)
 * @param original id of the image the query was made from
 * @param bestId id of the top hit, or empty if nothing was within the search radius
 * @param bestDistance distance (the matcher's score, on the PDQ 0–256 scale) of the top hit, or
 *     {@link #NONE}
 * @param rightDistance distance (best of the eight query forms) to the right original, or {@link
 *     #NONE} for distractor queries
 * @param bestForm dihedral form of the query that produced the top hit (pdq), or the path that
 *     scored it (likeness), or empty
 * @param error why the query could not be made or decoded, or empty
 * @param rightPath the matcher path that gave the right original its distance ({@code whole},
 *     {@code keypoints}), or empty
 */
public record QueryOutcome(
    QueryKind kind,
    String transform,
    String original,
    String bestId,
    int bestDistance,
    int rightDistance,
    String bestForm,
    String error,
    String rightPath) {
  /** Marks a distance that does not exist (no hit, or not applicable). */
  public static final int NONE = Integer.MAX_VALUE;

  /** Whether the top hit is the right original. */
  public boolean top1() {
    return (kind == QueryKind.EDITED || kind == QueryKind.FLAT_EDITED) && original.equals(bestId);
  }

  /** A query that failed before it could be searched. */
  public static QueryOutcome failed(
      QueryKind kind, String transform, String original, String error) {
    return new QueryOutcome(kind, transform, original, "", NONE, NONE, "", error, "");
  }
}
