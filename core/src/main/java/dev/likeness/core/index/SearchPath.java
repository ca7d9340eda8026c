package dev.likeness.core.index;

/** Which algorithm answers a {@link HammingIndex} search; all give identical results. */
public enum SearchPath {
  /** Multi-index hashing when it is built and the radius is at most 31, else a full scan. */
  AUTO,
  /** A full scan of every stored hash. */
  BRUTE_FORCE,
  /** Multi-index hashing; needs the index built (size past the threshold) and a radius ≤ 48. */
  MULTI_INDEX
}
