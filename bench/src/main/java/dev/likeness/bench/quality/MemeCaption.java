package dev.likeness.bench.quality;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A meme: a caption over the top and one over the bottom {@link #BAND} of the picture, either on
 * solid bands (black letters on white, or white on black) or drawn straight on the picture in white
 * bold capitals with a black outline.
 *
 * @param style how the captions are drawn
 * @param top the top caption
 * @param bottom the bottom caption
 */
record MemeCaption(Style style, String top, String bottom) {
  /** Height of each caption band as a share of the picture's height. */
  static final double BAND = 0.18;

  /** How the captions are drawn. */
  enum Style {
    /** Black letters on a white band. */
    WHITE_BANDS,
    /** White letters on a black band. */
    BLACK_BANDS,
    /** White outlined capitals straight on the picture. */
    OUTLINED
  }

  private static final List<String> TOPS =
      List.of("ONE DOES NOT SIMPLY", "NOBODY:", "ME AT 3 AM", "WHEN YOU SEE IT", "THEY SAID");
  private static final List<String> BOTTOMS =
      List.of(
          "DEPLOY ON A FRIDAY",
          "ABSOLUTELY NOBODY",
          "STILL NOT SLEEPING",
          "YOU CANNOT UNSEE IT",
          "IT WOULD BE EASY");

  /** A style and captions drawn from the bits of {@code choice}. */
  static MemeCaption of(long choice) {
    Style style = Style.values()[(int) Math.floorMod(choice, 3L)];
    String top = TOPS.get((int) Math.floorMod(choice >>> 8, (long) TOPS.size()));
    String bottom = BOTTOMS.get((int) Math.floorMod(choice >>> 16, (long) BOTTOMS.size()));
    return new MemeCaption(style, top, bottom);
  }

  /** The captioned copy of {@code src}, the same size. */
  BufferedImage drawOn(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    int band = (int) Math.round(h * BAND);
    return Transform.draw(
        w,
        h,
        g -> {
          g.drawImage(src, 0, 0, null);
          g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          if (style != Style.OUTLINED) {
            g.setColor(style == Style.WHITE_BANDS ? Color.WHITE : Color.BLACK);
            g.fillRect(0, 0, w, band);
            g.fillRect(0, h - band, w, band);
          }
          caption(g, top, w, 0, band);
          caption(g, bottom, w, h - band, band);
        });
  }

  /** One caption, as large as fits {@code 0.94 w} by {@code 0.7 band}, centred in its band. */
  private void caption(Graphics2D g, String text, int w, int y, int band) {
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, 100);
    Rectangle2D probe = new TextLayout(text, font, g.getFontRenderContext()).getBounds();
    double size = 100 * Math.min(0.94 * w / probe.getWidth(), 0.7 * band / probe.getHeight());
    TextLayout layout =
        new TextLayout(text, font.deriveFont((float) size), g.getFontRenderContext());
    Rectangle2D b = layout.getBounds();
    Shape shape =
        layout.getOutline(
            AffineTransform.getTranslateInstance(
                (w - b.getWidth()) / 2 - b.getX(), y + (band - b.getHeight()) / 2 - b.getY()));
    switch (style) {
      case WHITE_BANDS -> {
        g.setColor(Color.BLACK);
        g.fill(shape);
      }
      case BLACK_BANDS -> {
        g.setColor(Color.WHITE);
        g.fill(shape);
      }
      case OUTLINED -> {
        g.setColor(Color.BLACK);
        g.setStroke(
            new BasicStroke(
                (float) Math.max(2, size / 10), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shape);
        g.setColor(Color.WHITE);
        g.fill(shape);
      }
    }
  }
}
