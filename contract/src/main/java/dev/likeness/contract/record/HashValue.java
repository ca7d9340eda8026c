package dev.likeness.contract.record;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A PDQ hash published in place of an image on {@link Topics#IMAGES}: hashes that other systems
 * computed (known-image lists) are indexed without any image. The record's {@code content-type} is
 * {@link #CONTENT_TYPE}; its value is the 64 hex digits, optionally followed by {@code ,quality}.
 */
public final class HashValue {
  /** Content type that marks a record whose value is a hash, not image bytes. */
  public static final String CONTENT_TYPE = "application/x-pdq-hash";

  /** Quality assumed when a list gives none: such lists hold hashes their owners vetted. */
  public static final int DEFAULT_QUALITY = 100;

  private HashValue() {}

  /** The record value for {@code hash}. */
  public static byte[] encode(PdqHash hash) {
    return (hash.hash().toHex() + "," + hash.quality()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a record value.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static PdqHash parse(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8).strip();
    int comma = text.indexOf(',');
    String hex = comma < 0 ? text : text.substring(0, comma).strip();
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "a PDQ hash is 64 hex digits, got '" + abbreviate(hex) + "'");
    }
    int quality = DEFAULT_QUALITY;
    if (comma >= 0) {
      String q = text.substring(comma + 1).strip();
      try {
        quality = Integer.parseInt(q);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "quality must be an integer from 0 to 100, got '" + abbreviate(q) + "'");
      }
      if (quality < 0 || quality > 100) {
        throw new IllegalArgumentException("quality must be from 0 to 100, got " + quality);
      }
    }
    return new PdqHash(Hash256.fromHex(hex.toLowerCase(Locale.ROOT)), quality);
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
