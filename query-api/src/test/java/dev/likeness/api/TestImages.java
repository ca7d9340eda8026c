package dev.likeness.api;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/** Real photographs for the tests: the project's seed images and the PDQ vectors. */
public final class TestImages {
  private TestImages() {}

  /** The seed photographs of the repository (the tests run in the module folder). */
  public static List<Path> seeds() throws IOException {
    Path dir = Path.of("..", "seeds");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
    }
  }

  public static byte[] resource(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/pdq-vectors/images/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test image " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new IllegalArgumentException("not decodable");
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
      BufferedImage img = decode(Files.readAllBytes(seed));
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
