package dev.likeness.core.image;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a JPEG's frame header (SOF) says, read from the markers before it without decoding anything:
 * size, coding process and the components' sampling factors.
 *
 * @param type the SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive (Huffman); 3 and
 *     above are lossless or arithmetic-coded
 * @param precision bits per sample
 * @param width stored width in pixels
 * @param height stored height in pixels (0 when a DNL marker gives it later)
 * @param horizontal each component's horizontal sampling factor
 * @param vertical each component's vertical sampling factor
 */
record JpegFrame(int type, int precision, int width, int height, int[] horizontal, int[] vertical) {
  /**
   * Bytes libjpeg keeps per 8×8 block of a progressive JPEG until its last scan: 64 two-byte
   * coefficients.
   */
  static final int COEFFICIENT_BYTES_PER_BLOCK = 128;

  /**
   * The frame of {@code jpeg}, or empty when no SOF marker comes before the first scan or the data
   * ends.
   */
  static Optional<JpegFrame> read(byte[] jpeg) {
    int pos = 2; // after SOI
    while (pos + 4 <= jpeg.length) {
      if ((jpeg[pos] & 0xFF) != 0xFF) {
        return Optional.empty();
      }
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
        pos += 2; // markers without a segment
        continue;
      }
      int length = (jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF;
      int body = pos + 4;
      if (length < 2 || pos + 2 + length > jpeg.length || marker == 0xDA || marker == 0xD9) {
        return Optional.empty();
      }
      if (isStartOfFrame(marker)) {
        return parse(marker & 0x0F, jpeg, body, length - 2);
      }
      pos += 2 + length;
    }
    return Optional.empty();
  }

  private static boolean isStartOfFrame(int marker) {
    // C0–CF, except C4 (DHT), C8 (JPG extension) and CC (DAC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static Optional<JpegFrame> parse(int type, byte[] jpeg, int body, int length) {
    if (length < 6) {
      return Optional.empty();
    }
    int precision = jpeg[body] & 0xFF;
    int height = (jpeg[body + 1] & 0xFF) << 8 | jpeg[body + 2] & 0xFF;
    int width = (jpeg[body + 3] & 0xFF) << 8 | jpeg[body + 4] & 0xFF;
    int count = jpeg[body + 5] & 0xFF;
    if (count == 0 || length < 6 + 3 * count) {
      return Optional.empty();
    }
    int[] h = new int[count];
    int[] v = new int[count];
    for (int c = 0; c < count; c++) {
      int sampling = jpeg[body + 7 + 3 * c] & 0xFF;
      h[c] = sampling >> 4;
      v[c] = sampling & 0x0F;
      if (h[c] < 1 || h[c] > 4 || v[c] < 1 || v[c] > 4) {
        return Optional.empty();
      }
    }
    return Optional.of(new JpegFrame(type, precision, width, height, h, v));
  }

  /**
   * Whether the scans come one frequency band after the other, so libjpeg keeps all coefficients.
   */
  boolean progressive() {
    return type == 2 || type == 6 || type == 10 || type == 14;
  }

  /** Whether {@link JpegDcDecoder} reads it: Huffman-coded, 8-bit, grey or three components. */
  boolean dcDecodable() {
    return type <= 2
        && precision == 8
        && width > 0
        && height > 0
        && (horizontal.length == 1 || horizontal.length == 3);
  }

  int components() {
    return horizontal.length;
  }

  int maxHorizontal() {
    return Arrays.stream(horizontal).max().orElse(1);
  }

  int maxVertical() {
    return Arrays.stream(vertical).max().orElse(1);
  }

  /** MCUs across: each covers 8 × the largest horizontal sampling factor pixels. */
  int mcusAcross() {
    return ceilDiv(width, 8 * maxHorizontal());
  }

  /** MCU rows. */
  int mcusDown() {
    return ceilDiv(height, 8 * maxVertical());
  }

  /** 8×8 blocks of every component, padded to whole MCUs as libjpeg allocates them. */
  long blocks() {
    long total = 0;
    for (int c = 0; c < components(); c++) {
      total += (long) mcusAcross() * horizontal[c] * mcusDown() * vertical[c];
    }
    return total;
  }

  /** What libjpeg holds for a progressive JPEG's coefficients, at any output scale. */
  long coefficientBytes() {
    return blocks() * COEFFICIENT_BYTES_PER_BLOCK;
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
