package dev.likeness.contract.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Hex hashes from search requests, hash lists and peers: {@link Hash256#fromHex} accepts exactly 64
 * ASCII hex digits, giving the hash they spell, and refuses anything else with an {@link
 * IllegalArgumentException}.
 */
class Hash256FuzzTest {

  @FuzzTest(maxDuration = "2m")
  void parsesOnlyHexDigits(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Hash256 hash;
    try {
      hash = Hash256.fromHex(text);
    } catch (IllegalArgumentException e) {
      assertThat(isHex(text)).as("refused %s", text).isFalse();
      return;
    }
    assertThat(isHex(text)).as("accepted %s", text).isTrue();
    assertThat(hash.toHex()).isEqualTo(text.toLowerCase(Locale.ROOT));
    assertThat(Hash256.fromBytes(hash.toBytes(), 0)).isEqualTo(hash);
  }

  private static boolean isHex(String s) {
    return s.length() == 64 && s.chars().allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0);
  }
}
