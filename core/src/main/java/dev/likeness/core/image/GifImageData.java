package dev.likeness.core.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * Checks that a GIF's first image has pixel data for its whole frame, before ImageIO decodes it.
 *
 * <p>Why: the JDK's GIF reader stops at the end of the LZW data (or at an end code) wherever it
 * comes and returns the canvas as it is, so a 35-byte file claiming 9999×9999 decodes to a blank
 * image, and one cut in half to a half-blank one: hashes of pixels nobody drew. This counts the
 * pixels the LZW codes stand for, as that reader decodes them (string lengths only, no pixels: a
 * few operations per code), and refuses a frame they do not fill as {@link RejectReason#CORRUPT}.
 */
final class GifImageData {
  private static final int MAX_CODES = 4096;

  private final byte[] data;
  private int pos;
  // LZW codes are packed least significant bit first across the data sub-blocks.
  private int blockEnd;
  private long bitBuffer;
  private int bitCount;
  private boolean ended;

  private GifImageData(byte[] data) {
    this.data = data;
  }

  /**
   * Refuses {@code gif} when its first image's data codes fewer pixels than its frame has, or none.
   */
  static void requireWholeFrame(byte[] gif) throws ImageRejectedException {
    try {
      new GifImageData(gif).check();
    } catch (ArrayIndexOutOfBoundsException e) {
      throw corrupt("data ends inside a block");
    }
  }

  private void check() throws ImageRejectedException {
    int flags = data[10] & 0xFF;
    pos = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 0x07) + 1) : 0);
    while (true) {
      int block = data[pos] & 0xFF;
      if (block == 0x21) {
        pos += 2; // extension introducer and label, then its sub-blocks
        skipSubBlocks();
      } else if (block == 0x2C) {
        break;
      } else {
        throw corrupt("no image in the file");
      }
    }
    int width = u16le(pos + 5);
    int height = u16le(pos + 7);
    int imageFlags = data[pos + 9] & 0xFF;
    pos += 10 + ((imageFlags & 0x80) != 0 ? 3 << ((imageFlags & 0x07) + 1) : 0);
    int rootBits = data[pos++] & 0xFF;
    long frame = (long) width * height;
    if (rootBits < 1 || rootBits > 8 || frame == 0) {
      return; // the reader refuses these itself
    }
    long coded = codedPixels(rootBits, frame);
    if (coded == 0) {
      throw corrupt("no pixel data for its " + width + "×" + height + " frame");
    }
    if (coded < frame) {
      throw corrupt(
          String.format(
              Locale.ROOT,
              "data is truncated: pixels for %d of its %d×%d frame",
              coded,
              width,
              height));
    }
  }

  /**
   * The pixels the LZW data codes, up to {@code frame}, counted as the JDK's reader outputs them.
   */
  private long codedPixels(int rootBits, long frame) {
    int clear = 1 << rootBits;
    int end = clear + 1;
    int[] length = new int[MAX_CODES];
    Arrays.fill(length, 1);
    int next = clear + 2;
    int codeBits = rootBits + 1;
    int previous = -1;
    long pixels = 0;
    blockEnd = pos;
    while (pixels < frame) {
      int code = readCode(codeBits);
      if (code < 0 || code == end) {
        break;
      }
      if (code == clear) {
        Arrays.fill(length, 1);
        next = clear + 2;
        codeBits = rootBits + 1;
        previous = -1;
        continue;
      }
      if (previous >= 0 && next < MAX_CODES) {
        length[next] = length[previous] + 1;
        next++;
        if (next == 1 << codeBits && next < MAX_CODES) {
          codeBits++;
        }
      }
      pixels += length[code];
      previous = code;
    }
    return Math.min(pixels, frame);
  }

  /** The next code, or -1 when the data sub-blocks end first. */
  private int readCode(int bits) {
    while (bitCount < bits && !ended) {
      if (pos == blockEnd) {
        int size = data[pos++] & 0xFF;
        if (size == 0) {
          ended = true;
          break;
        }
        blockEnd = pos + size;
      }
      bitBuffer |= (long) (data[pos++] & 0xFF) << bitCount;
      bitCount += 8;
    }
    if (bitCount < bits) {
      return -1;
    }
    int code = (int) (bitBuffer & ((1 << bits) - 1));
    bitBuffer >>>= bits;
    bitCount -= bits;
    return code;
  }

  private void skipSubBlocks() {
    for (int size = data[pos++] & 0xFF; size != 0; size = data[pos++] & 0xFF) {
      pos += size;
    }
  }

  private int u16le(int at) {
    return data[at] & 0xFF | (data[at + 1] & 0xFF) << 8;
  }

  private static ImageRejectedException corrupt(String detail) {
    return new ImageRejectedException(RejectReason.CORRUPT, "corrupt gif image: " + detail);
  }
}
