package dev.likeness.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Makes small baseline JPEG previews. Thread-safe. */
public final class Thumbnailer {
  /** JPEG quality of the thumbnails. */
  public static final float QUALITY = 0.8f;

  /** A thumbnailer with the default quality. */
  public Thumbnailer() {}

  /**
   * The image scaled to at most {@code longestSide} px on its longest side (never up), as baseline
   * JPEG.
   */
  public byte[] jpeg(BufferedImage image, int longestSide) {
    if (longestSide <= 0) {
      throw new IllegalArgumentException("longestSide must be positive: " + longestSide);
    }
    BufferedImage small = scale(RgbConverter.toIntRgb(image), longestSide);
    return encode(small);
  }

  /**
   * The image scaled to fit {@code longestSide}, aspect kept; the same instance when it already
   * fits.
   */
  static BufferedImage scale(BufferedImage rgb, int longestSide) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int longest = Math.max(w, h);
    if (longest <= longestSide) {
      return rgb;
    }
    double ratio = (double) longestSide / longest;
    int targetW = Math.max(1, (int) Math.round(w * ratio));
    int targetH = Math.max(1, (int) Math.round(h * ratio));
    // Halve by averaging 2×2 blocks while still at least twice the target (close to area averaging,
    // without one big
    // bilinear jump's aliasing), then one bilinear step to the exact size.
    BufferedImage current = rgb;
    while (current.getWidth() >= 2 * targetW && current.getHeight() >= 2 * targetH) {
      current = halve(current);
    }
    if (current.getWidth() != targetW || current.getHeight() != targetH) {
      current = resize(current, targetW, targetH);
    }
    return current;
  }

  /**
   * Each output pixel is the rounded mean of a 2×2 block (an odd last row or column is dropped).
   * Done on the packed ints directly: Java2D's bilinear halving cost several times more on the
   * indexing path.
   */
  static BufferedImage halve(BufferedImage rgb) {
    int w = rgb.getWidth();
    int outW = w / 2;
    int outH = rgb.getHeight() / 2;
    BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    int[] top = new int[w];
    int[] bottom = new int[w];
    for (int y = 0; y < outH; y++) {
      rgb.getRaster().getDataElements(0, 2 * y, w, 1, top);
      rgb.getRaster().getDataElements(0, 2 * y + 1, w, 1, bottom);
      int o = y * outW;
      for (int x = 0; x < outW; x++) {
        int a = top[2 * x];
        int b = top[2 * x + 1];
        int c = bottom[2 * x];
        int d = bottom[2 * x + 1];
        // Red and blue summed side by side in one int (each lane ≤ 4 × 255 + 2), green on its own;
        // + 2 rounds.
        int rb = (a & 0xFF00FF) + (b & 0xFF00FF) + (c & 0xFF00FF) + (d & 0xFF00FF) + 0x020002;
        int g = (a & 0xFF00) + (b & 0xFF00) + (c & 0xFF00) + (d & 0xFF00) + 0x200;
        dst[o + x] = (rb >>> 2) & 0xFF00FF | (g >>> 2) & 0xFF00;
      }
    }
    return out;
  }

  private static BufferedImage resize(BufferedImage source, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage rgb) {
    ImageWriter writer = jpegWriter();
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(Math.max(1024, rgb.getWidth() * rgb.getHeight() / 4));
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      if (param.canWriteProgressive()) {
        param.setProgressiveMode(
            ImageWriteParam.MODE_DISABLED); // baseline: every viewer shows it top-down
      }
      writer.setOutput(out);
      writer.write(null, new IIOImage(rgb, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding to memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static ImageWriter jpegWriter() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("no JPEG writer installed");
    }
    return writers.next();
  }
}
