package dev.likeness.api.search;

import dev.likeness.core.hash.Dihedral;
import dev.likeness.core.record.FeatureRecord;

/**
 * One image found by a search, with what the response shows of it.
 *
 * @param id image id
 * @param distance Hamming distance of the closest dihedral form of the query
 * @param form which form of the query matched (a rotated or mirrored copy shows here)
 * @param record the stored features (the thumbnail is not carried)
 */
public record SearchHit(String id, int distance, Dihedral form, FeatureRecord record) {
  /** Orders by distance then id, as the index does. */
  public static int compare(SearchHit a, SearchHit b) {
    int c = Integer.compare(a.distance, b.distance);
    return c != 0 ? c : a.id.compareTo(b.id);
  }

  /**
   * Similarity in [0, 1]: 1 for identical hashes, 0 at 128 bits or more, the expected distance
   * between unrelated images.
   */
  public double similarity() {
    return Math.max(0.0, 1.0 - distance / 128.0);
  }
}
