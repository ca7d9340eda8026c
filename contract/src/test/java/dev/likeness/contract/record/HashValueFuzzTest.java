package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.likeness.contract.hash.PdqHash;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Values of hash records on the images topic, which anyone with write access may publish: each is a
 * hash with a quality from 0 to 100, or an {@link IllegalArgumentException} saying what is wrong.
 */
class HashValueFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void parsesOrRefuses(byte[] value) {
    PdqHash hash;
    try {
      hash = HashValue.parse(value);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(hash.quality()).isBetween(0, 100);
    // What was accepted are the 64 hex digits of the value, read as they were written.
    String text = new String(value, StandardCharsets.UTF_8).strip();
    int comma = text.indexOf(',');
    String hex = (comma < 0 ? text : text.substring(0, comma)).strip();
    assertThat(hash.hash().toHex()).isEqualTo(hex.toLowerCase(Locale.ROOT));
    assertThat(HashValue.parse(HashValue.encode(hash))).isEqualTo(hash);
  }
}
