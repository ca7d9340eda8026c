package dev.likeness.contract.hash;

import java.util.List;

/**
 * The PDQ hashes of one image under all eight {@link Dihedral} forms, indexed by {@link
 * Dihedral#ordinal()}, and the image's quality.
 */
public record PdqHashes(List<Hash256> forms, int quality) {
  public PdqHashes {
    if (forms.size() != Dihedral.values().length) {
      throw new IllegalArgumentException("expected 8 dihedral hashes, got " + forms.size());
    }
    forms = List.copyOf(forms);
  }

  /** The hash of the image as it is. */
  public Hash256 original() {
    return forms.get(0);
  }

  /** The hash of the image under {@code d}. */
  public Hash256 form(Dihedral d) {
    return forms.get(d.ordinal());
  }

  /** The plain hash with its quality. */
  public PdqHash primary() {
    return new PdqHash(original(), quality);
  }
}
