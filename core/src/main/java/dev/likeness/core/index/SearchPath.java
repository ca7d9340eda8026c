package dev.likeness.core.index;

/**
 * Which algorithm answers a {@link HammingIndex} search. The scan and {@link #MULTI_INDEX} give
 * identical results; {@link #AUTO} gives them too up to the index's exact radius.
 */
public enum SearchPath {
  /**
   * Multi-index hashing when it is built and pays, exact up to the index's exact radius and past it
   * finding near copies (see {@link HammingIndex#DEFAULT_EXACT_RADIUS}); else a full scan.
   */
  AUTO,
  /** A full scan of every stored hash. */
  BRUTE_FORCE,
  /**
   * Multi-index hashing probed for the whole radius (exact); needs the index built (size past the
   * threshold) and a radius ≤ 48.
   */
  MULTI_INDEX
}
