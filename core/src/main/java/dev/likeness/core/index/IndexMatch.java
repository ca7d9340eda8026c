package dev.likeness.core.index;

import dev.likeness.contract.hash.Dihedral;

/**
 * One hit of an index search.
 *
 * @param id image id
 * @param distance Hamming distance between the stored hash and the closest query form
 * @param form the dihedral form of the query that came closest
 */
public record IndexMatch(String id, int distance, Dihedral form) {
  /** Orders by distance, then id, so results are deterministic. */
  public static int compare(IndexMatch a, IndexMatch b) {
    int c = Integer.compare(a.distance, b.distance);
    return c != 0 ? c : a.id.compareTo(b.id);
  }
}
