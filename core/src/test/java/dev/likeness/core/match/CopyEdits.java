package dev.likeness.core.match;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.awt.image.RescaleOp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/** The edits a copy goes through, for the matcher's tests (the harness has its own, in bench). */
enum CopyEdits {
  RESIZE_50(img -> scaled(img, img.getWidth() / 2, img.getHeight() / 2)),
  JPEG_Q20(img -> jpeg(img, 0.2f)),
  CROP_10_LEFT(
      img ->
          copy(
              img.getSubimage(
                  img.getWidth() / 10, 0, img.getWidth() - img.getWidth() / 10, img.getHeight()))),
  CROP_25_BOTTOM(img -> copy(img.getSubimage(0, 0, img.getWidth(), img.getHeight() * 3 / 4))),
  CENTRE_CROP_70(
      img -> {
        int w = img.getWidth() * 7 / 10;
        int h = img.getHeight() * 7 / 10;
        return copy(img.getSubimage((img.getWidth() - w) / 2, (img.getHeight() - h) / 2, w, h));
      }),
  ROTATE_90(
      img ->
          draw(
              img.getHeight(),
              img.getWidth(),
              g -> g.drawImage(img, new AffineTransform(0, 1, -1, 0, img.getHeight(), 0), null))),
  ROTATE_5(
      img ->
          draw(
              img.getWidth(),
              img.getHeight(),
              g -> {
                g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(
                    img,
                    AffineTransform.getRotateInstance(
                        Math.toRadians(5), img.getWidth() / 2.0, img.getHeight() / 2.0),
                    null);
              })),
  MIRROR(
      img ->
          draw(
              img.getWidth(),
              img.getHeight(),
              g -> g.drawImage(img, new AffineTransform(-1, 0, 0, 1, img.getWidth(), 0), null))),
  GRAYSCALE(
      img -> {
        BufferedImage grey =
            new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(img, 0, 0, null);
        return copy(grey);
      }),
  BRIGHTNESS_30(img -> map(img, 1.3f, 0)),
  CONTRAST_30(img -> map(img, 1.3f, -0.3f * 128)),
  BLUR(
      img -> {
        float[] k = new float[9 * 9];
        Arrays.fill(k, 1f / k.length);
        return new ConvolveOp(new Kernel(9, 9, k), ConvolveOp.EDGE_NO_OP, null).filter(img, null);
      }),
  TEXT_OVERLAY(
      img ->
          draw(
              img.getWidth(),
              img.getHeight(),
              g -> {
                g.drawImage(img, 0, 0, null);
                g.setRenderingHint(
                    RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                Font font = new Font(Font.SANS_SERIF, Font.BOLD, img.getHeight() / 8);
                TextLayout text =
                    new TextLayout("NOT THE ORIGINAL", font, g.getFontRenderContext());
                var shape =
                    text.getOutline(
                        AffineTransform.getTranslateInstance(
                            img.getWidth() * 0.05, img.getHeight() * 0.55));
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(4));
                g.draw(shape);
                g.setColor(Color.WHITE);
                g.fill(shape);
              })),
  BORDER_10(
      img -> {
        int b = Math.min(img.getWidth(), img.getHeight()) / 10;
        return draw(
            img.getWidth() + 2 * b,
            img.getHeight() + 2 * b,
            g -> {
              g.setColor(new Color(0xF4F1EA));
              g.fillRect(0, 0, img.getWidth() + 2 * b, img.getHeight() + 2 * b);
              g.drawImage(img, b, b, null);
            });
      }),
  SCREENSHOT(
      img -> {
        int dx = img.getWidth() * 3 / 100;
        int dy = img.getHeight() * 3 / 100;
        BufferedImage inner =
            img.getSubimage(dx, dy, img.getWidth() - 2 * dx, img.getHeight() - 2 * dy);
        int w = 1080;
        int h = inner.getHeight() * w / inner.getWidth();
        BufferedImage s = scaled(copy(inner), w, h);
        return jpeg(
            draw(
                w,
                96 + h + 160,
                g -> {
                  g.setColor(new Color(0x202124));
                  g.fillRect(0, 0, w, 96);
                  g.setColor(Color.WHITE);
                  g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 40));
                  g.drawString("09:41", 40, 64);
                  g.drawImage(s, 0, 96, null);
                  g.setColor(new Color(0xF1F3F4));
                  g.fillRect(0, 96 + h, w, 160);
                }),
            0.85f);
      });

  private final UnaryOperator<BufferedImage> edit;

  CopyEdits(UnaryOperator<BufferedImage> edit) {
    this.edit = edit;
  }

  /**
   * The edited copy, as a decoder would hand it over (JPEG q90 round trip unless the edit set one).
   */
  BufferedImage apply(BufferedImage src) {
    BufferedImage out = edit.apply(src);
    return this == JPEG_Q20 || this == SCREENSHOT ? out : jpeg(out, 0.9f);
  }

  static BufferedImage draw(int w, int h, Consumer<Graphics2D> painter) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    painter.accept(g);
    g.dispose();
    return out;
  }

  static BufferedImage copy(BufferedImage img) {
    return draw(img.getWidth(), img.getHeight(), g -> g.drawImage(img, 0, 0, null));
  }

  static BufferedImage scaled(BufferedImage img, int w, int h) {
    BufferedImage cur = img;
    while (cur.getWidth() / 2 >= w) {
      BufferedImage c = cur;
      cur =
          draw(
              c.getWidth() / 2,
              c.getHeight() / 2,
              g -> {
                g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(c, 0, 0, c.getWidth() / 2, c.getHeight() / 2, null);
              });
    }
    BufferedImage c = cur;
    return draw(
        w,
        h,
        g -> {
          g.setRenderingHint(
              RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
          g.drawImage(c, 0, 0, w, h, null);
        });
  }

  private static BufferedImage map(BufferedImage img, float scale, float offset) {
    return new RescaleOp(scale, offset, null).filter(copy(img), null);
  }

  static BufferedImage jpeg(BufferedImage img, float quality) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      try (var ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(img, null, null), param);
      }
      writer.dispose();
      return copy(ImageIO.read(new ByteArrayInputStream(out.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
