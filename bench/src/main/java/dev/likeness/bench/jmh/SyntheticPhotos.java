package dev.likeness.bench.jmh;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Photo-like synthetic images (gradients, shapes, grain) and their encodings, made in memory. */
public final class SyntheticPhotos {
  private SyntheticPhotos() {}

  /** A width × height RGB image with smooth regions, edges and noise, from {@code seed}. */
  public static BufferedImage photoLike(int width, int height, long seed) {
    Random rnd = new Random(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new GradientPaint(0, 0, new Color(rnd.nextInt()), width, height, new Color(rnd.nextInt())));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 60; i++) {
      g.setPaint(
          new GradientPaint(
              rnd.nextInt(width),
              rnd.nextInt(height),
              new Color(rnd.nextInt(), true),
              rnd.nextInt(width),
              rnd.nextInt(height),
              new Color(rnd.nextInt(), true)));
      int w = 1 + rnd.nextInt(width / 3);
      int h = 1 + rnd.nextInt(height / 3);
      if (i % 2 == 0) {
        g.fillOval(rnd.nextInt(width), rnd.nextInt(height), w, h);
      } else {
        g.fillRect(rnd.nextInt(width), rnd.nextInt(height), w, h);
      }
    }
    g.dispose();
    // Sensor-like grain so the encoders see realistic entropy.
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      img.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int n = rnd.nextInt(9) - 4;
        int p = row[x];
        row[x] =
            clamp((p >> 16 & 255) + n) << 16
                | clamp((p >> 8 & 255) + n) << 8
                | clamp((p & 255) + n);
      }
      img.setRGB(0, y, width, 1, row, 0, width);
    }
    return img;
  }

  /** JPEG at quality 0.9, baseline or progressive; checks the frame type actually written. */
  public static byte[] jpeg(BufferedImage img, boolean progressive) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.9f);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    byte[] bytes = out.toByteArray();
    if (hasMarker(bytes, 0xC2) != progressive) {
      throw new IllegalStateException("JPEG writer ignored progressive=" + progressive);
    }
    return bytes;
  }

  /** PNG with the default writer. */
  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static boolean hasMarker(byte[] b, int marker) {
    for (int i = 0; i + 1 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == marker) {
        return true;
      }
    }
    return false;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
