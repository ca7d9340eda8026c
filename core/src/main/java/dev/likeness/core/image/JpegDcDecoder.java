package dev.likeness.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Decodes a Huffman-coded JPEG at 1/8 scale from its DC coefficients alone: each 8×8 block becomes
 * one pixel, its mean, as libjpeg's 1/8 scaled inverse DCT computes it.
 *
 * <p>Why: libjpeg (libjpeg-turbo's and the JDK's alike) keeps every coefficient of a progressive
 * JPEG until its last scan, at any output scale: 128 bytes per block, 297 MB for a 10000×9900 4:2:0
 * picture, however small the pixels it then outputs. At 1/8 scale only the DC coefficient counts,
 * so here the AC scans of a progressive JPEG are skipped unread (those of a sequential one
 * Huffman-decoded and dropped) and memory is one short per block. Luma equals libjpeg's 1/8 output;
 * chroma is replicated rather than interpolated.
 *
 * <p>Damage libjpeg would only warn about (data that ends inside a DC scan, a bad Huffman code, a
 * missing restart marker) is rejected as {@link RejectReason#CORRUPT}: no made-up pixels are
 * indexed. A progressive file cut inside its AC scans is accepted, unlike libjpeg's verdict:
 * nothing it lacks reaches a 1/8 scale image. Not thread-safe: one instance per image.
 */
final class JpegDcDecoder {
  /** As libjpeg-turbo's scan limit: more scans than this is a CPU exhaustion trick, not a photo. */
  static final int MAX_SCANS = 500;

  private final byte[] data;
  private final JpegFrame frame;
  private final int[][] quantization = new int[4][];
  private final HuffmanTable[] dcTables = new HuffmanTable[4];
  private final HuffmanTable[] acTables = new HuffmanTable[4];
  private final int[] componentIds;
  private final int[] componentTables;
  private final int[] dcQuant;
  // The lowest DC bit each component's scans have given so far (successive approximation); 0 once
  // complete.
  private final int[] dcLowBit;
  private final short[][] coefficients;
  private final int[] blocksAcross;
  private int adobeTransform = -1;
  private int restartInterval;

  // Entropy-coded data reader: bits are taken from the top of buffer. Past a marker it reads zeros,
  // as libjpeg
  // does; padding counts those at the bottom of buffer, so that reading into them is known as
  // overrun.
  private int pos;
  private long buffer;
  private int bits;
  private int padding;
  private boolean atMarker;
  private boolean overrun;

  private JpegDcDecoder(byte[] data, JpegFrame frame) {
    this.data = data;
    this.frame = frame;
    int n = frame.components();
    componentIds = new int[n];
    componentTables = new int[n];
    dcQuant = new int[n];
    dcLowBit = new int[n];
    Arrays.fill(dcLowBit, -1);
    coefficients = new short[n][];
    blocksAcross = new int[n];
    for (int c = 0; c < n; c++) {
      blocksAcross[c] = frame.mcusAcross() * frame.horizontal()[c];
      coefficients[c] = new short[blocksAcross[c] * frame.mcusDown() * frame.vertical()[c]];
    }
  }

  /** Bytes the decode of {@code frame} holds: the DC coefficients and the 1/8 image. */
  static long footprint(JpegFrame frame) {
    return frame.blocks() * 2 + 4L * scaledWidth(frame) * scaledHeight(frame);
  }

  static int scaledWidth(JpegFrame frame) {
    return JpegFrame.ceilDiv(frame.width(), 8);
  }

  static int scaledHeight(JpegFrame frame) {
    return JpegFrame.ceilDiv(frame.height(), 8);
  }

  /**
   * The 1/8 scale {@code TYPE_INT_RGB} image of {@code jpeg}, whose frame is {@code frame} and
   * {@link JpegFrame#dcDecodable()}.
   */
  static BufferedImage decode(byte[] jpeg, JpegFrame frame) throws ImageRejectedException {
    try {
      return new JpegDcDecoder(jpeg, frame).run();
    } catch (ArrayIndexOutOfBoundsException e) {
      throw corrupt("data ends inside a marker segment");
    }
  }

  private BufferedImage run() throws ImageRejectedException {
    pos = 2;
    int scans = 0;
    boolean frameSeen = false;
    while (true) {
      int marker = nextMarker();
      if (marker < 0 || marker == 0xD9) {
        // End of data after complete scans, with or without EOI: what was decoded is the whole
        // picture only
        // if every component had a DC scan.
        break;
      }
      if (marker == 0x00 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
        continue;
      }
      int length = u16(pos);
      int body = pos + 2;
      if (length < 2 || body + length - 2 > data.length) {
        throw corrupt("data ends inside a marker segment");
      }
      pos += length;
      switch (marker) {
        case 0xDB -> readQuantization(body, length - 2);
        case 0xC4 -> readHuffman(body, length - 2);
        case 0xDD -> restartInterval = u16(body);
        case 0xEE -> readAdobe(body, length - 2);
        case 0xC0, 0xC1, 0xC2 -> {
          readComponentIds(body);
          frameSeen = true;
        }
        case 0xDA -> {
          if (!frameSeen) {
            throw corrupt("scan before the frame header");
          }
          if (++scans > MAX_SCANS) {
            throw corrupt("more than " + MAX_SCANS + " scans");
          }
          scan(body);
        }
        default -> {
          // APPn, COM and the rest: nothing the pixels depend on.
        }
      }
    }
    for (int c = 0; c < dcLowBit.length; c++) {
      if (dcLowBit[c] < 0) {
        throw corrupt("component " + componentIds[c] + " has no scan");
      }
      if (dcLowBit[c] > 0) {
        throw corrupt("data is truncated before the last bits of the DC coefficients");
      }
    }
    return toRgb();
  }

  /** The next marker code, its segment then starting at {@link #pos}; -1 at the end of the data. */
  private int nextMarker() {
    // Stray bytes before a marker and fill bytes: libjpeg skips them with a warning, and so does
    // this.
    while (pos + 1 < data.length
        && ((data[pos] & 0xFF) != 0xFF || (data[pos + 1] & 0xFF) == 0xFF)) {
      pos++;
    }
    if (pos + 1 >= data.length) {
      return -1;
    }
    int marker = data[pos + 1] & 0xFF;
    pos += 2;
    return marker;
  }

  private void readQuantization(int at, int length) throws ImageRejectedException {
    int end = at + length;
    while (at < end) {
      int precision = (data[at] & 0xFF) >> 4;
      int id = data[at] & 0x0F;
      if (id > 3 || precision > 1) {
        throw corrupt("bad quantization table " + id);
      }
      int[] table = new int[64];
      for (int i = 0; i < 64; i++) {
        table[i] = precision == 0 ? data[at + 1 + i] & 0xFF : u16(at + 1 + 2 * i);
      }
      quantization[id] = table;
      at += 1 + 64 * (precision + 1);
    }
  }

  private void readHuffman(int at, int length) throws ImageRejectedException {
    int end = at + length;
    while (at < end) {
      int kind = (data[at] & 0xFF) >> 4;
      int id = data[at] & 0x0F;
      if (id > 3 || kind > 1) {
        throw corrupt("bad Huffman table " + id);
      }
      int[] counts = new int[17];
      int total = 0;
      for (int len = 1; len <= 16; len++) {
        counts[len] = data[at + len] & 0xFF;
        total += counts[len];
      }
      if (total > 256) {
        throw corrupt("bad Huffman table " + id);
      }
      int[] values = new int[total];
      for (int i = 0; i < total; i++) {
        values[i] = data[at + 17 + i] & 0xFF;
      }
      (kind == 0 ? dcTables : acTables)[id] = new HuffmanTable(counts, values);
      at += 17 + total;
    }
  }

  private void readAdobe(int at, int length) {
    if (length >= 12
        && data[at] == 'A'
        && data[at + 1] == 'd'
        && data[at + 2] == 'o'
        && data[at + 3] == 'b'
        && data[at + 4] == 'e') {
      adobeTransform = data[at + 11] & 0xFF;
    }
  }

  private void readComponentIds(int at) {
    for (int c = 0; c < componentIds.length; c++) {
      componentIds[c] = data[at + 6 + 3 * c] & 0xFF;
      componentTables[c] = data[at + 8 + 3 * c] & 0x03;
    }
  }

  private void scan(int at) throws ImageRejectedException {
    int count = data[at] & 0xFF;
    if (count < 1 || count > 4) {
      throw corrupt("bad scan header");
    }
    int[] members = new int[count];
    HuffmanTable[] dc = new HuffmanTable[count];
    HuffmanTable[] ac = new HuffmanTable[count];
    for (int i = 0; i < count; i++) {
      int id = data[at + 1 + 2 * i] & 0xFF;
      members[i] = indexOf(id);
      dc[i] = dcTables[(data[at + 2 + 2 * i] & 0xFF) >> 4 & 3];
      ac[i] = acTables[data[at + 2 + 2 * i] & 0x03];
    }
    int spectral = at + 1 + 2 * count;
    int start = data[spectral] & 0xFF;
    int high = (data[spectral + 2] & 0xFF) >> 4;
    int low = data[spectral + 2] & 0x0F;
    boolean progressive = frame.progressive();
    if (progressive && start != 0) {
      skipEntropyData(); // AC bands: nothing a 1/8 scale image uses
      return;
    }
    for (int i = 0; i < count; i++) {
      int c = members[i];
      if (high == 0 && dc[i] == null || !progressive && ac[i] == null) {
        throw corrupt("scan uses an undefined Huffman table");
      }
      if (dcQuant[c] == 0) {
        // libjpeg latches a component's quantization table when its first scan starts.
        int[] table = quantization[componentTables[c]];
        if (table == null || table[0] == 0) {
          throw corrupt("component " + componentIds[c] + " has no quantization table");
        }
        dcQuant[c] = table[0];
      }
    }
    decodeScan(members, dc, ac, progressive, high, low);
    for (int c : members) {
      dcLowBit[c] = low;
    }
  }

  private int indexOf(int id) throws ImageRejectedException {
    for (int c = 0; c < componentIds.length; c++) {
      if (componentIds[c] == id) {
        return c;
      }
    }
    throw corrupt("scan names unknown component " + id);
  }

  private void decodeScan(
      int[] members, HuffmanTable[] dc, HuffmanTable[] ac, boolean progressive, int high, int low)
      throws ImageRejectedException {
    resetReader();
    int[] predictors = new int[members.length];
    int hMax = frame.maxHorizontal();
    int vMax = frame.maxVertical();
    long mcus;
    int across;
    if (members.length == 1) {
      // A single component's scan covers only its own blocks, not the MCU padding.
      int c = members[0];
      across = JpegFrame.ceilDiv(JpegFrame.ceilDiv(frame.width() * frame.horizontal()[c], hMax), 8);
      int down =
          JpegFrame.ceilDiv(JpegFrame.ceilDiv(frame.height() * frame.vertical()[c], vMax), 8);
      mcus = (long) across * down;
    } else {
      across = frame.mcusAcross();
      mcus = (long) across * frame.mcusDown();
    }
    for (long m = 0; m < mcus; m++) {
      if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
        restart();
        Arrays.fill(predictors, 0);
      }
      int mx = (int) (m % across);
      int my = (int) (m / across);
      for (int i = 0; i < members.length; i++) {
        int c = members[i];
        int h = members.length == 1 ? 1 : frame.horizontal()[c];
        int v = members.length == 1 ? 1 : frame.vertical()[c];
        for (int by = 0; by < v; by++) {
          for (int bx = 0; bx < h; bx++) {
            int index = (my * v + by) * blocksAcross[c] + mx * h + bx;
            if (high == 0) {
              int size = decodeSymbol(dc[i]);
              if (size > 11) {
                throw corrupt("bad DC difference");
              }
              predictors[i] += receive(size);
              coefficients[c][index] = (short) (predictors[i] << low);
            } else if (readBits(1) != 0) {
              coefficients[c][index] |= (short) (1 << low);
            }
            if (!progressive) {
              skipAc(ac[i]);
            }
          }
        }
      }
    }
    if (overrun) {
      throw corrupt("data is truncated");
    }
    // Every bit this scan needs was there: a file that ends here without its EOI is complete.
    skipEntropyData();
  }

  private void skipAc(HuffmanTable table) throws ImageRejectedException {
    for (int k = 1; k < 64; k++) {
      int symbol = decodeSymbol(table);
      int run = symbol >> 4;
      int size = symbol & 0x0F;
      if (size != 0) {
        k += run;
        readBits(size);
      } else if (run == 15) {
        k += 15;
      } else {
        return;
      }
    }
  }

  // --- entropy-coded data ---

  private void resetReader() {
    buffer = 0;
    bits = 0;
    padding = 0;
    atMarker = false;
    overrun = false;
  }

  private void restart() throws ImageRejectedException {
    if (overrun) {
      throw corrupt("data is truncated");
    }
    resetReader();
    while (pos + 1 < data.length
        && !((data[pos] & 0xFF) == 0xFF && data[pos + 1] != 0 && (data[pos + 1] & 0xFF) != 0xFF)) {
      pos++;
    }
    if (pos + 1 >= data.length) {
      throw corrupt("data is truncated");
    }
    int marker = data[pos + 1] & 0xFF;
    if (marker < 0xD0 || marker > 0xD7) {
      throw corrupt("missing restart marker");
    }
    pos += 2;
  }

  /**
   * Moves {@link #pos} to the marker that ends the current entropy-coded segment, or to the end of
   * the data: a file cut inside a skipped AC scan still has all that a 1/8 scale image is made of.
   */
  private void skipEntropyData() {
    resetReader();
    int n = data.length;
    while (pos + 1 < n) {
      if (data[pos] == (byte) 0xFF) {
        int next = data[pos + 1] & 0xFF;
        if (next != 0 && (next < 0xD0 || next > 0xD7) && next != 0xFF) {
          return;
        }
        pos += next == 0xFF ? 1 : 2;
      } else {
        pos++;
      }
    }
    pos = n;
  }

  private void fill(int need) {
    while (bits < need) {
      int b = 0;
      if (!atMarker && pos < data.length) {
        b = data[pos] & 0xFF;
        if (b == 0xFF) {
          int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
          if (next == 0) {
            pos += 2;
          } else {
            atMarker = true; // leave the marker for the caller
            b = 0;
          }
        } else {
          pos++;
        }
      } else {
        atMarker = true;
      }
      if (atMarker) {
        padding += 8;
      }
      buffer = buffer << 8 | b;
      bits += 8;
    }
  }

  private int readBits(int n) {
    if (n == 0) {
      return 0;
    }
    fill(n);
    if (n > bits - padding) {
      overrun = true;
    }
    bits -= n;
    padding = Math.min(padding, bits);
    return (int) (buffer >>> bits) & ((1 << n) - 1);
  }

  private int receive(int size) {
    int v = readBits(size);
    return size == 0 || v >= 1 << (size - 1) ? v : v - (1 << size) + 1;
  }

  private int decodeSymbol(HuffmanTable table) throws ImageRejectedException {
    fill(16);
    int peek = (int) (buffer >>> (bits - 16)) & 0xFFFF;
    int entry = table.lookup[peek >>> (16 - HuffmanTable.LOOKUP_BITS)];
    int length;
    int symbol;
    if (entry != 0) {
      length = entry >>> 8;
      symbol = entry & 0xFF;
    } else {
      length = HuffmanTable.LOOKUP_BITS + 1;
      while (length <= 16 && (peek >>> (16 - length)) > table.maxCode[length]) {
        length++;
      }
      if (length > 16) {
        throw corrupt("bad Huffman code");
      }
      int code = peek >>> (16 - length);
      symbol = table.values[table.valueOffset[length] + code - table.minCode[length]];
    }
    readBits(length);
    return symbol;
  }

  // --- pixels ---

  private BufferedImage toRgb() {
    int width = scaledWidth(frame);
    int height = scaledHeight(frame);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    int n = frame.components();
    int hMax = frame.maxHorizontal();
    int vMax = frame.maxVertical();
    boolean rgbComponents =
        n == 3
            && (adobeTransform == 0
                || adobeTransform < 0
                    && componentIds[0] == 'R'
                    && componentIds[1] == 'G'
                    && componentIds[2] == 'B');
    int[] sample = new int[n];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < n; c++) {
          int bx = x * frame.horizontal()[c] / hMax;
          int by = y * frame.vertical()[c] / vMax;
          int dc = coefficients[c][by * blocksAcross[c] + bx] * dcQuant[c];
          sample[c] = clamp(((dc + 4) >> 3) + 128);
        }
        int pixel;
        if (n == 1) {
          pixel = sample[0] * 0x010101;
        } else if (rgbComponents) {
          pixel = sample[0] << 16 | sample[1] << 8 | sample[2];
        } else {
          pixel = ycc(sample[0], sample[1] - 128, sample[2] - 128);
        }
        rgb[y * width + x] = pixel;
      }
    }
    return image;
  }

  // JFIF's YCbCr to RGB, in 16-bit fixed point as libjpeg's jdcolor.c.
  private static int ycc(int y, int cb, int cr) {
    int r = clamp(y + ((91881 * cr + 32768) >> 16));
    int g = clamp(y + ((-22554 * cb - 46802 * cr + 32768) >> 16));
    int b = clamp(y + ((116130 * cb + 32768) >> 16));
    return r << 16 | g << 8 | b;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private int u16(int at) {
    return (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
  }

  private static ImageRejectedException corrupt(String detail) {
    return new ImageRejectedException(RejectReason.CORRUPT, "corrupt jpeg image: " + detail);
  }

  /** A canonical Huffman table, with a lookup of the codes up to {@link #LOOKUP_BITS} long. */
  private static final class HuffmanTable {
    static final int LOOKUP_BITS = 9;

    final int[] values;
    final int[] lookup = new int[1 << LOOKUP_BITS];
    final int[] maxCode = new int[18];
    final int[] minCode = new int[17];
    final int[] valueOffset = new int[17];

    HuffmanTable(int[] counts, int[] values) {
      this.values = values;
      int code = 0;
      int k = 0;
      for (int len = 1; len <= 16; len++) {
        valueOffset[len] = k;
        minCode[len] = code;
        maxCode[len] = counts[len] == 0 ? -1 : code + counts[len] - 1;
        for (int i = 0; i < counts[len]; i++, k++, code++) {
          if (len <= LOOKUP_BITS) {
            int shift = LOOKUP_BITS - len;
            for (int fillCode = code << shift, end = (code + 1) << shift;
                fillCode < end && fillCode < lookup.length;
                fillCode++) {
              lookup[fillCode] = len << 8 | values[k];
            }
          }
        }
        code <<= 1;
      }
      maxCode[17] = Integer.MAX_VALUE;
    }
  }
}
