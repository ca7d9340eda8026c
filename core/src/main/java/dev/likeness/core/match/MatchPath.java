package dev.likeness.core.match;

/** Which evidence produced a hit's score. */
public enum MatchPath {
  /** The whole-image PDQ hash (border-trimmed), any of its eight dihedral forms. */
  WHOLE,
  /** Keypoints, a geometric transform, and the PDQ distance of the aligned overlapping region. */
  KEYPOINTS,
  /**
   * Two of three horizontal bands of the image, by PDQ: a copy under a caption or banner across the
   * third.
   */
  BANDS
}
