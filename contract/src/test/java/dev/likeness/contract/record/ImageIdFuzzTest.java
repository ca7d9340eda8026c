package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Image ids from URLs and record keys: {@link ImageId#validate} accepts exactly the ids that are
 * non-blank UTF-16 text of at most 256 characters without control characters, and refuses the rest
 * with an {@link IllegalArgumentException}.
 */
class ImageIdFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void acceptsOnlyWellFormedIds(byte[] key) {
    // Both readings of untrusted bytes: a record key as UTF-8, and any UTF-16 text (a URL's
    // percent-decoded path may hold lone surrogates no UTF-8 key can).
    check(new String(key, StandardCharsets.UTF_8));
    check(utf16(key));
  }

  private static void check(String id) {
    boolean valid;
    try {
      assertThat(ImageId.validate(id)).isSameAs(id);
      valid = true;
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      valid = false;
    }
    assertThat(valid).as("validity of %s", codeUnits(id)).isEqualTo(wellFormed(id));
    assertThat(ImageId.isValid(id)).isEqualTo(valid);
    if (valid) {
      // A valid id survives the trip through a record key unchanged.
      assertThat(new String(ImageId.toBytes(id), StandardCharsets.UTF_8)).isEqualTo(id);
    }
  }

  /** The rule, stated by code points. */
  private static boolean wellFormed(String id) {
    if (id.isEmpty() || id.length() > ImageId.MAX_LENGTH || id.isBlank()) {
      return false;
    }
    for (int i = 0; i < id.length(); ) {
      int cp = id.codePointAt(i);
      if (Character.isISOControl(cp) || Character.isSurrogate((char) cp) && cp < 0x10000) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static String utf16(byte[] bytes) {
    char[] chars = new char[bytes.length / 2];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ((bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF);
    }
    return new String(chars);
  }

  private static String codeUnits(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().limit(40).forEach(c -> b.append(String.format("%04x ", c)));
    return b.toString();
  }
}
