package dev.likeness.ingest.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How a file's image id is chosen. */
public enum IdStrategy {
  /**
   * The path relative to the folder argument, with {@code /} separators; a file argument's name.
   */
  PATH {
    @Override
    public String idFor(ImageFile file, byte[] bytes) {
      return file.relativePath();
    }
  },
  /** Hex SHA-256 of the content: the same bytes always get the same id, so never index twice. */
  SHA256 {
    @Override
    public String idFor(ImageFile file, byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  };

  /** The id of a file with the given content. */
  public abstract String idFor(ImageFile file, byte[] bytes);

  /**
   * Parses {@code path} or {@code sha256}, ignoring case.
   *
   * @throws IllegalArgumentException listing the valid names otherwise
   */
  public static IdStrategy parse(String name) {
    for (IdStrategy s : values()) {
      if (s.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown id strategy '" + name + "'; use path or sha256");
  }
}
