package dev.likeness.api.search;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchHit;

/**
 * One image found by a search, with what the response shows of it.
 *
 * @param match how it matched: score, path, form or estimated transform
 * @param record the stored features (the thumbnail and keypoints are not carried)
 */
public record SearchHit(MatchHit match, FeatureRecord record) {
  /** Orders by score then id, as every index does. */
  public static int compare(SearchHit a, SearchHit b) {
    int c = Integer.compare(a.distance(), b.distance());
    return c != 0 ? c : a.id().compareTo(b.id());
  }

  /** The image id. */
  public String id() {
    return match.id();
  }

  /** The score on the PDQ distance scale (0–256), whatever the path. */
  public int distance() {
    return match.score();
  }

  /**
   * Similarity in [0, 1]: 1 for identical hashes, 0 at 128 bits or more, the expected distance
   * between unrelated images.
   */
  public double similarity() {
    return Math.max(0.0, 1.0 - distance() / 128.0);
  }
}
