package dev.likeness.contract.hash;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable 256-bit binary hash; bit {@code k} is bit {@code k} of the 256-bit number whose
 * big-endian hex form is {@link #toHex()} (the PDQ convention).
 */
public final class Hash256 {
  /** Number of bits. */
  public static final int BITS = 256;

  /** Number of 64-bit words. */
  public static final int WORDS = 4;

  /** Number of bytes in the packed big-endian form. */
  public static final int BYTES = 32;

  // words[0] holds bits 0..63 (least significant), words[3] bits 192..255.
  private final long[] words;

  private Hash256(long[] words) {
    this.words = words;
  }

  /** A hash from four words, least significant first. */
  public static Hash256 ofWords(long w0, long w1, long w2, long w3) {
    return new Hash256(new long[] {w0, w1, w2, w3});
  }

  /** A hash from a 4-word array, least significant first (copied). */
  public static Hash256 ofWords(long[] words) {
    if (words.length != WORDS) {
      throw new IllegalArgumentException("a 256-bit hash has 4 words, got " + words.length);
    }
    return new Hash256(words.clone());
  }

  /** A hash whose set bits are exactly those given by {@code bitIsSet}. */
  public static Hash256 ofBits(boolean[] bitIsSet) {
    if (bitIsSet.length != BITS) {
      throw new IllegalArgumentException("a 256-bit hash has 256 bits, got " + bitIsSet.length);
    }
    long[] w = new long[WORDS];
    for (int k = 0; k < BITS; k++) {
      if (bitIsSet[k]) {
        w[k >>> 6] |= 1L << (k & 63);
      }
    }
    return new Hash256(w);
  }

  /** Parses 64 hex digits (big-endian, either case). */
  public static Hash256 fromHex(String hex) {
    if (hex == null || hex.length() != 64) {
      throw new IllegalArgumentException("a 256-bit hash is 64 hex digits");
    }
    long[] w = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      int end = 64 - 16 * i;
      try {
        // HexFormat takes ASCII digits only; Long.parseUnsignedLong took a sign and any script's.
        w[i] = HexFormat.fromHexDigitsToLong(hex, end - 16, end);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a hex string: " + hex);
      }
    }
    return new Hash256(w);
  }

  /** Reads the 32-byte big-endian form. */
  public static Hash256 fromBytes(byte[] bytes, int offset) {
    long[] w = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      long v = 0;
      int base = offset + (WORDS - 1 - i) * 8;
      for (int b = 0; b < 8; b++) {
        v = (v << 8) | (bytes[base + b] & 0xFFL);
      }
      w[i] = v;
    }
    return new Hash256(w);
  }

  /** Writes the 32-byte big-endian form. */
  public void writeBytes(byte[] out, int offset) {
    for (int i = 0; i < WORDS; i++) {
      long v = words[i];
      int base = offset + (WORDS - 1 - i) * 8;
      for (int b = 7; b >= 0; b--) {
        out[base + b] = (byte) v;
        v >>>= 8;
      }
    }
  }

  /** The 32-byte big-endian form. */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    writeBytes(out, 0);
    return out;
  }

  /** Word {@code i}, least significant first. */
  public long word(int i) {
    return words[i];
  }

  /** Whether bit {@code k} is set. */
  public boolean bit(int k) {
    return (words[k >>> 6] >>> (k & 63) & 1L) != 0;
  }

  /** Number of set bits. */
  public int bitCount() {
    int n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** Hamming distance to {@code other}. */
  public int distance(Hash256 other) {
    return Long.bitCount(words[0] ^ other.words[0])
        + Long.bitCount(words[1] ^ other.words[1])
        + Long.bitCount(words[2] ^ other.words[2])
        + Long.bitCount(words[3] ^ other.words[3]);
  }

  /** 64 lower-case hex digits, big-endian. */
  public String toHex() {
    HexFormat hf = HexFormat.of();
    StringBuilder sb = new StringBuilder(64);
    for (int i = WORDS - 1; i >= 0; i--) {
      sb.append(hf.toHexDigits(words[i]));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash256 h && Arrays.equals(words, h.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
