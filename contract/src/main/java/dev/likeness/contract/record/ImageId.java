package dev.likeness.contract.record;

import java.nio.charset.StandardCharsets;

/** Rules for image ids, the keys of every Likeness topic. */
public final class ImageId {
  /** Longest id, in characters. */
  public static final int MAX_LENGTH = 256;

  private ImageId() {}

  /**
   * Returns the id if valid; otherwise throws with a message that says what to fix.
   *
   * @throws IllegalArgumentException if the id is empty, too long or has control characters
   */
  public static String validate(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("image id must not be empty");
    }
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "image id is " + id.length() + " characters; the limit is " + MAX_LENGTH);
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("image id must not contain control characters");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < id.length()
              && Character.isLowSurrogate(id.charAt(i + 1)))
          && !(Character.isLowSurrogate(c)
              && i > 0
              && Character.isHighSurrogate(id.charAt(i - 1)))) {
        throw new IllegalArgumentException("image id is not valid UTF-16 text");
      }
    }
    if (id.isBlank()) {
      throw new IllegalArgumentException("image id must not be blank");
    }
    return id;
  }

  /** Whether {@link #validate} would accept the id. */
  public static boolean isValid(String id) {
    try {
      validate(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The id as UTF-8 key bytes. */
  public static byte[] toBytes(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }
}
