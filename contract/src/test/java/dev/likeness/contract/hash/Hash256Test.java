package dev.likeness.contract.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hash256Test {
  private static final String BRIDGE =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  @Test
  void hexRoundTrips() {
    assertThat(Hash256.fromHex(BRIDGE).toHex()).isEqualTo(BRIDGE);
    assertThat(Hash256.fromHex(BRIDGE.toUpperCase()).toHex()).isEqualTo(BRIDGE);
    assertThat(Hash256.fromHex("0".repeat(64)).toHex()).isEqualTo("0".repeat(64));
    assertThat(Hash256.fromHex("f".repeat(64)).bitCount()).isEqualTo(256);
  }

  @Test
  void bytesRoundTripBigEndian() {
    Hash256 h = Hash256.fromHex(BRIDGE);
    byte[] bytes = h.toBytes();
    assertThat(bytes).hasSize(Hash256.BYTES);
    assertThat(bytes[0]).isEqualTo((byte) 0xf8);
    assertThat(bytes[31]).isEqualTo((byte) 0x22);
    assertThat(Hash256.fromBytes(bytes, 0)).isEqualTo(h);

    byte[] padded = new byte[40];
    h.writeBytes(padded, 5);
    assertThat(padded[4]).isZero();
    assertThat(padded[37]).isZero();
    assertThat(Hash256.fromBytes(padded, 5)).isEqualTo(h);
  }

  @Test
  void randomRoundTrips() {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      Hash256 h =
          Hash256.ofWords(
              random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      assertThat(Hash256.fromHex(h.toHex())).isEqualTo(h).hasSameHashCodeAs(h);
      assertThat(Hash256.fromBytes(h.toBytes(), 0)).isEqualTo(h);
      boolean[] bits = new boolean[Hash256.BITS];
      for (int k = 0; k < Hash256.BITS; k++) {
        bits[k] = h.bit(k);
      }
      assertThat(Hash256.ofBits(bits)).isEqualTo(h);
    }
  }

  /** Bit k is bit k of the big-endian number: bit 0 is the last hex digit's lowest bit. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 4, 15, 16, 63, 64, 127, 128, 200, 255})
  void bitOrderIsThePdqConvention(int k) {
    boolean[] bits = new boolean[Hash256.BITS];
    bits[k] = true;
    Hash256 h = Hash256.ofBits(bits);
    String hex = h.toHex();
    int digit = 63 - k / 4;
    for (int i = 0; i < 64; i++) {
      char expected = i == digit ? Character.forDigit(1 << (k % 4), 16) : '0';
      assertThat(hex.charAt(i)).as("digit %d", i).isEqualTo(expected);
    }
    assertThat(h.bit(k)).isTrue();
    assertThat(h.bitCount()).isEqualTo(1);
    assertThat(h.word(k / 64)).isEqualTo(1L << (k % 64));
  }

  @Test
  void referenceBitLayout() {
    // PDQ sets bit 16 i + j for DCT coefficient (i, j): row 0 is the last 4 hex digits.
    Hash256 h = Hash256.fromHex("8000" + "0".repeat(56) + "0001");
    assertThat(h.bit(0)).isTrue(); // coefficient (0, 0)
    assertThat(h.bit(255)).isTrue(); // coefficient (15, 15)
    assertThat(h.bitCount()).isEqualTo(2);
  }

  @Test
  void distanceIsHammingDistance() {
    Hash256 a = Hash256.fromHex(BRIDGE);
    assertThat(a.distance(a)).isZero();
    Hash256 inverse = Hash256.ofWords(~a.word(0), ~a.word(1), ~a.word(2), ~a.word(3));
    assertThat(a.distance(inverse)).isEqualTo(256);
    Hash256 b = Hash256.fromHex("f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22");
    assertThat(a.distance(b)).isEqualTo(2).isEqualTo(b.distance(a));
    assertThat(Hash256.fromHex("0".repeat(64)).distance(a)).isEqualTo(a.bitCount());
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> Hash256.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash256.fromHex(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash256.fromHex("g".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash256.ofWords(new long[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash256.ofBits(new boolean[255]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wordsAreCopied() {
    long[] words = {1, 2, 3, 4};
    Hash256 h = Hash256.ofWords(words);
    words[0] = 99;
    assertThat(h.word(0)).isEqualTo(1);
  }
}
