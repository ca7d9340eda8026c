package dev.likeness.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Images for the tests of every module: the PDQ vectors and seed photographs, in-memory encodings
 * and edits, and a coarse perceptual distance.
 */
public final class TestImages {
  public static final String VECTORS = "/pdq-vectors/";
  public static final String IMAGES = VECTORS + "images/";

  private TestImages() {}

  /** Bytes of a classpath resource under {@code pdq-vectors/images/}. */
  public static byte[] vector(String fileName) {
    return resource(IMAGES + fileName);
  }

  public static byte[] resource(String path) {
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
  public static List<String> vectorFileNames() {
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
  public static BufferedImage scene(int width, int height, int type) {
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

  public static byte[] encode(BufferedImage image, String format) {
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

  public static BufferedImage read(byte[] data) {
    try {
      return ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG chunk: big-endian length, type, data, CRC of type and data. */
  public static byte[] pngChunk(String type, byte[] data) {
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
  public static byte[] pngClaiming(int width, int height) {
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
  public static byte[] pngWithOrientation(byte[] png, int orientation) {
    int afterIhdr = 8 + 8 + 13 + 4;
    return concat(
        Arrays.copyOfRange(png, 0, afterIhdr),
        pngChunk("eXIf", tiffOrientation(orientation)),
        Arrays.copyOfRange(png, afterIhdr, png.length));
  }

  /**
   * A minimal big-endian TIFF structure (as EXIF payloads are) holding only an Orientation entry.
   */
  public static byte[] tiffOrientation(int orientation) {
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

  public static byte[] concat(byte[]... parts) {
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
  public static double greyDistance(BufferedImage a, BufferedImage b) {
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

  /** The seed photographs of the repository (the tests run in the module folder). */
  public static List<Path> seeds() throws IOException {
    Path dir = Path.of("..", "seeds");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
    }
  }

  /** The image scaled by {@code factor}, bilinear, as an RGB image. */
  public static BufferedImage scale(BufferedImage src, double factor) {
    int w = Math.max(1, (int) Math.round(src.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(src.getHeight() * factor));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** A sub-rectangle as its own RGB image. */
  public static BufferedImage crop(BufferedImage src, int x, int y, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, -x, -y, null);
    g.dispose();
    return out;
  }

  /** JPEG bytes at {@code quality} (0-1). */
  public static byte[] jpeg(BufferedImage img, float quality) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      try (var out = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(img, null, null), param);
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes 2 distinct photographs per seed (its left and right halves, re-encoded), so a corpus of
   * N seeds gives 2N real photos with no two alike. Returns the files written.
   */
  public static List<Path> writeHalves(List<Path> seeds, Path dir, int count) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Path seed : seeds) {
      BufferedImage img = read(Files.readAllBytes(seed));
      int half = img.getWidth() / 2;
      String base = seed.getFileName().toString().replace(".jpg", "");
      for (int side = 0; side < 2 && written.size() < count; side++) {
        Path out = dir.resolve(base + (side == 0 ? "-left" : "-right") + ".jpg");
        Files.write(out, jpeg(crop(img, side * half, 0, half, img.getHeight()), 0.9f));
        written.add(out);
      }
    }
    return written;
  }
}
