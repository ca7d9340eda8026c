package dev.likeness.core.match;

/**
 * Bits added to a distance measured on a hash of low PDQ quality (a flat or tiny picture): half the
 * shortfall under {@code minQuality}, so an exact copy of a flat image still matches, but never as
 * confidently as a copy of a detailed one.
 *
 * @param minQuality the quality from which no penalty applies
 */
record QualityPenalty(int minQuality) {
  /** The penalty for a hash of PDQ quality {@code quality}. */
  int of(int quality) {
    return Math.max(0, (minQuality - quality + 1) / 2);
  }
}
