package dev.likeness.bench.quality;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A site's mark: a round logo with initials in a corner, and a faint name repeated in rows across
 * the whole picture, turned slightly (the way a site stamps what it republishes).
 *
 * @param name the repeated name
 * @param logoShare the logo's diameter as a share of the picture's width
 * @param logoOpacity the logo's opacity
 * @param textOpacity the repeated text's opacity
 * @param corner the logo's corner: 0 bottom right, 1 bottom left, 2 top right, 3 top left
 */
record LogoWatermark(
    String name, double logoShare, double logoOpacity, double textOpacity, int corner) {
  private static final List<String> NAMES =
      List.of("pixshare.example", "@likeness_daily", "FUNNYPICS", "photo.example.org");
  private static final double[] LOGO_SHARES = {0.12, 0.15, 0.18};
  private static final double[] LOGO_OPACITIES = {0.7, 0.85, 1.0};
  private static final double[] TEXT_OPACITIES = {0.12, 0.18, 0.25};

  /** A mark drawn from the bits of {@code choice}. */
  static LogoWatermark of(long choice) {
    long c = choice;
    String name = NAMES.get((int) Math.floorMod(c, (long) NAMES.size()));
    c >>>= 8;
    double logo = LOGO_SHARES[(int) Math.floorMod(c, (long) LOGO_SHARES.length)];
    c >>>= 8;
    double logoOpacity = LOGO_OPACITIES[(int) Math.floorMod(c, (long) LOGO_OPACITIES.length)];
    c >>>= 8;
    double textOpacity = TEXT_OPACITIES[(int) Math.floorMod(c, (long) TEXT_OPACITIES.length)];
    c >>>= 8;
    return new LogoWatermark(name, logo, logoOpacity, textOpacity, (int) Math.floorMod(c, 4L));
  }

  /** The marked copy of {@code src}, the same size. */
  BufferedImage drawOn(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    return Transform.drawOver(
        src,
        g -> {
          tiledText(g, w, h);
          logo(g, w, h);
        });
  }

  private void tiledText(Graphics2D g, int w, int h) {
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, w / 28));
    TextLayout layout = new TextLayout(name, font, g.getFontRenderContext());
    Rectangle2D b = layout.getBounds();
    double stepX = b.getWidth() * 1.5;
    double stepY = b.getHeight() * 4;
    Graphics2D t = (Graphics2D) g.create();
    try {
      t.rotate(Math.toRadians(-20), w / 2.0, h / 2.0);
      t.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) textOpacity));
      t.setColor(Color.WHITE);
      double reach = Math.hypot(w, h);
      int row = 0;
      for (double y = (h - reach) / 2; y < (h + reach) / 2; y += stepY, row++) {
        double shift = (row % 2) * stepX / 2; // brick-wise rows, as such marks are laid
        for (double x = (w - reach) / 2 - shift; x < (w + reach) / 2; x += stepX) {
          t.fill(layout.getOutline(AffineTransform.getTranslateInstance(x, y)));
        }
      }
    } finally {
      t.dispose();
    }
  }

  private void logo(Graphics2D g, int w, int h) {
    double d = logoShare * w;
    double pad = 0.03 * Math.min(w, h);
    double x = (corner & 1) == 0 ? w - d - pad : pad;
    double y = corner < 2 ? h - d - pad : pad;
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) logoOpacity));
    Ellipse2D disc = new Ellipse2D.Double(x, y, d, d);
    g.setColor(new Color(0xD0312D));
    g.fill(disc);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke((float) Math.max(1.5, d / 20)));
    g.draw(disc);
    String initials = name.replaceAll("[^A-Za-z]", "").substring(0, 2).toUpperCase(Locale.ROOT);
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, 100);
    TextLayout probe = new TextLayout(initials, font, g.getFontRenderContext());
    double size = 100 * 0.55 * d / probe.getBounds().getWidth();
    TextLayout text =
        new TextLayout(initials, font.deriveFont((float) size), g.getFontRenderContext());
    Rectangle2D b = text.getBounds();
    g.fill(
        text.getOutline(
            AffineTransform.getTranslateInstance(
                x + (d - b.getWidth()) / 2 - b.getX(), y + (d - b.getHeight()) / 2 - b.getY())));
    g.setComposite(AlphaComposite.SrcOver);
  }
}
