package dev.likeness.contract.hash;

/**
 * The eight symmetries of a rectangle, in the order of PDQ's reference output: the hash of the
 * image transformed by each of them.
 */
public enum Dihedral {
  ORIGINAL("original"),
  ROTATE_90("rotate90"),
  ROTATE_180("rotate180"),
  ROTATE_270("rotate270"),
  FLIP_X("flipX"),
  FLIP_Y("flipY"),
  FLIP_PLUS1("flipDiagonal"),
  FLIP_MINUS1("flipAntiDiagonal");

  private final String label;

  Dihedral(String label) {
    this.label = label;
  }

  /** A short name used in API responses. */
  public String label() {
    return label;
  }
}
