package dev.likeness.core.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test images: classpath fixtures, in-memory encodings and a coarse perceptual distance. */
final class TestImages {
  static final String VECTORS = "/pdq-vectors/";
  static final String IMAGES = VECTORS + "images/";

  private TestImages() {}

  /** Bytes of a classpath resource under {@code pdq-vectors/images/}. */
  static byte[] vector(String fileName) {
    return resource(IMAGES + fileName);
  }

  static byte[] resource(String path) {
    try (InputStream in = TestImages.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every image file listed in the vectors' reference.csv (the folder's manifest; works from a jar
   * too).
   */
  static List<String> vectorFileNames() {
    String csv = new String(resource(VECTORS + "reference.csv"), StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    for (String line : csv.split("\\R")) {
      if (!line.isBlank() && !line.startsWith("file,")) {
        names.add(line.substring(0, line.indexOf(',')));
      }
    }
    return names;
  }

  /** A decodable picture with structure in both axes, so flips and rotations change it. */
  static BufferedImage scene(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    for (int y = 0; y < height; y++) {
      g.setColor(new Color(40 + 150 * y / height, 90, 200 - 150 * y / height));
      g.drawLine(0, y, width, y);
    }
    g.setColor(Color.WHITE);
    g.fillRect(width / 10, height / 10, width / 3, height / 5);
    g.setColor(Color.BLACK);
    g.fillOval(width / 2, height / 2, width / 3, height / 3);
    g.dispose();
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException(
            "no writer for " + format + " and image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static BufferedImage read(byte[] data) {
    try {
      return ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG chunk: big-endian length, type, data, CRC of type and data. */
  static byte[] pngChunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }

  /**
   * A syntactically valid 8-bit RGB PNG whose header claims {@code width × height}, with one tiny
   * IDAT.
   */
  static byte[] pngClaiming(int width, int height) {
    byte[] ihdr =
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0)
            .array();
    // zlib stream of a single stored empty block: enough to look like image data.
    byte[] idat = {0x78, 0x01, 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00, 0x00, 0x01};
    return concat(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
        pngChunk("IHDR", ihdr),
        pngChunk("IDAT", idat),
        pngChunk("IEND", new byte[0]));
  }

  /** A PNG with an eXIf chunk carrying {@code orientation}, inserted right after IHDR. */
  static byte[] pngWithOrientation(byte[] png, int orientation) {
    int afterIhdr = 8 + 8 + 13 + 4;
    return concat(
        Arrays.copyOfRange(png, 0, afterIhdr),
        pngChunk("eXIf", tiffOrientation(orientation)),
        Arrays.copyOfRange(png, afterIhdr, png.length));
  }

  /**
   * A minimal big-endian TIFF structure (as EXIF payloads are) holding only an Orientation entry.
   */
  static byte[] tiffOrientation(int orientation) {
    return ByteBuffer.allocate(26)
        .put(new byte[] {'M', 'M', 0, 42})
        .putInt(8)
        .putShort((short) 1)
        .putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0)
        .putInt(0)
        .array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * Mean absolute difference (0–255) of the two images' luma, each area-averaged to 32×32: small
   * for the same picture through different codecs or sizes, large for a different or rotated
   * picture.
   */
  static double greyDistance(BufferedImage a, BufferedImage b) {
    double[] ga = greyThumb(a, 32);
    double[] gb = greyThumb(b, 32);
    double sum = 0;
    for (int i = 0; i < ga.length; i++) {
      sum += Math.abs(ga[i] - gb[i]);
    }
    return sum / ga.length;
  }

  private static double[] greyThumb(BufferedImage image, int size) {
    int w = image.getWidth();
    int h = image.getHeight();
    double[] sums = new double[size * size];
    int[] counts = new int[size * size];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int cy = (int) ((long) y * size / h);
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
        int cell = cy * size + (int) ((long) x * size / w);
        sums[cell] += luma;
        counts[cell]++;
      }
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= Math.max(1, counts[i]);
    }
    return sums;
  }
}
