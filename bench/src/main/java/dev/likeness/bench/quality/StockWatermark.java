package dev.likeness.bench.quality;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The mark a photo agency lays over its previews: a large semi-transparent word across the centre,
 * turned by {@code degrees}, and a credit strip in a corner.
 *
 * @param word the word across the centre
 * @param opacity its opacity, 0–1
 * @param letterShare the width of one letter as a share of the picture's width
 * @param degrees the word's turn, counter-clockwise
 * @param corner the credit strip's corner: 0 bottom right, 1 bottom left, 2 top right, 3 top left
 */
record StockWatermark(String word, double opacity, double letterShare, double degrees, int corner) {
  private static final List<String> WORDS = List.of("PREVIEW", "STOCK", "SAMPLE", "PHOTOS");
  private static final double[] OPACITIES = {0.30, 0.45, 0.60};
  private static final double[] LETTER_SHARES = {1 / 6.0, 1 / 7.0, 1 / 8.0, 1 / 9.0};
  private static final String CREDIT = "\u00a9 Likeness Stock \u00b7 image 40417293";

  /** The default mark for choice 0, else one drawn from the bits of {@code choice}. */
  static StockWatermark of(long choice) {
    if (choice == 0) {
      return new StockWatermark("PREVIEW", 0.45, 1 / 7.0, 30, 0);
    }
    long c = choice;
    String word = WORDS.get((int) Math.floorMod(c, (long) WORDS.size()));
    c >>>= 8;
    double opacity = OPACITIES[(int) Math.floorMod(c, (long) OPACITIES.length)];
    c >>>= 8;
    double letters = LETTER_SHARES[(int) Math.floorMod(c, (long) LETTER_SHARES.length)];
    c >>>= 8;
    double degrees = 25 + Math.floorMod(c, 11L); // 25–35°
    c >>>= 8;
    int corner = (int) Math.floorMod(c, 4L);
    return new StockWatermark(word, opacity, letters, degrees, corner);
  }

  /** A marked copy of {@code src}. */
  BufferedImage drawOn(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    return Transform.drawOver(
        src,
        g -> {
          word(g, w, h);
          credit(g, w, h);
        });
  }

  private void word(Graphics2D g, int w, int h) {
    Font probe = new Font(Font.SANS_SERIF, Font.BOLD, 100);
    double probeWidth =
        new TextLayout(word, probe, g.getFontRenderContext()).getBounds().getWidth();
    float size = (float) (100 * word.length() * letterShare * w / probeWidth);
    TextLayout text = new TextLayout(word, probe.deriveFont(size), g.getFontRenderContext());
    Rectangle2D b = text.getBounds();
    AffineTransform at = AffineTransform.getTranslateInstance(w / 2.0, h / 2.0);
    at.rotate(Math.toRadians(-degrees));
    at.translate(-b.getCenterX(), -b.getCenterY());
    Shape shape = text.getOutline(at);
    // White letters with a faint dark edge, so they show on light pictures too.
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (opacity / 2)));
    g.setColor(new Color(0x303030));
    g.setStroke(new BasicStroke(Math.max(1f, size / 40)));
    g.draw(shape);
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
    g.setColor(Color.WHITE);
    g.fill(shape);
    g.setComposite(AlphaComposite.SrcOver);
  }

  private void credit(Graphics2D g, int w, int h) {
    int stripHeight = Math.max(12, (int) Math.round(h * 0.045));
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, (int) (stripHeight * 0.6)));
    g.setFont(font);
    int textWidth = g.getFontMetrics().stringWidth(CREDIT);
    int stripWidth = Math.min(w, textWidth + stripHeight);
    int x = (corner & 1) == 0 ? w - stripWidth : 0;
    int y = corner < 2 ? h - stripHeight : 0;
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.8f));
    g.setColor(new Color(0x101010));
    g.fillRect(x, y, stripWidth, stripHeight);
    g.setComposite(AlphaComposite.SrcOver);
    g.setColor(Color.WHITE);
    g.drawString(
        CREDIT,
        x + stripHeight / 2,
        y + (stripHeight + g.getFontMetrics().getAscent() - g.getFontMetrics().getDescent()) / 2);
  }
}
