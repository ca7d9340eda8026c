package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashValueTest {
  private static final String HEX =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsAndAcceptsListVariants() {
    PdqHash h = new PdqHash(Hash256.fromHex(HEX), 77);
    assertThat(HashValue.parse(HashValue.encode(h))).isEqualTo(h);
    assertThat(HashValue.parse(b(HEX)))
        .isEqualTo(new PdqHash(Hash256.fromHex(HEX), HashValue.DEFAULT_QUALITY));
    assertThat(HashValue.parse(b(" " + HEX.toUpperCase() + " , 12 \n")))
        .isEqualTo(new PdqHash(Hash256.fromHex(HEX), 12));
  }

  @Test
  void rejectsWithAMessageThatSaysWhatIsWrong() {
    assertThatThrownBy(() -> HashValue.parse(b("abc"))).hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> HashValue.parse(b(HEX.replace('f', 'g'))))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> HashValue.parse(b(HEX + ",x"))).hasMessageContaining("integer");
    assertThatThrownBy(() -> HashValue.parse(b(HEX + ",101"))).hasMessageContaining("0 to 100");
    assertThatThrownBy(() -> HashValue.parse(b(""))).hasMessageContaining("64 hex digits");
  }
}
