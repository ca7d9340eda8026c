package dev.likeness.bench.quality;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A collage with the copy as one of its photographs: the copy, whole, covers about a fifth of the
 * collage's area at one of nine places of a 3 × 3 grid; the space around it is split into strips,
 * each filled with another photograph (cropped to fill), with thin light gutters between them.
 *
 * @param share the copy's share of the collage's area
 * @param place where the copy sits, 0–8 in reading order of a 3 × 3 grid
 * @param choice picks the other photographs
 */
record Collage(double share, int place, long choice) {
  private static final int WIDTH = 1200;
  private static final int GUTTER = 6;
  private static final Color GUTTER_COLOUR = new Color(0xF2F2F2);

  /** A collage with the copy at 18–22 % of the area, its place and tiles drawn from {@code c}. */
  static Collage of(long choice) {
    double share = 0.18 + 0.01 * Math.floorMod(choice, 5L);
    int place = (int) Math.floorMod(choice >>> 8, 9L);
    return new Collage(share, place, choice >>> 16);
  }

  /** The collage around {@code src}, with other photographs from {@code tiles}. */
  BufferedImage drawOn(BufferedImage src, CollageTiles tiles) {
    double aspect = (double) src.getWidth() / src.getHeight();
    // The collage is 4:3; the copy keeps its own aspect and covers `share` of it, never more
    // than 90 % of either side.
    int cw = WIDTH;
    int ch = WIDTH * 3 / 4;
    double area = share * cw * ch;
    int w = (int) Math.round(Math.sqrt(area * aspect));
    int h = (int) Math.round(Math.sqrt(area / aspect));
    double fit = Math.min(1.0, Math.min(0.9 * cw / w, 0.9 * ch / h));
    w = (int) Math.round(w * fit);
    h = (int) Math.round(h * fit);
    int x = (cw - w) * (place % 3) / 2;
    int y = (ch - h) * (place / 3) / 2;
    List<int[]> strips = new ArrayList<>();
    // Full-height strips left and right of the copy, and strips above and below it; a strip much
    // longer than deep is cut in two, so that several photographs show.
    addStrip(strips, 0, 0, x, ch);
    addStrip(strips, x + w, 0, cw - x - w, ch);
    addStrip(strips, x, 0, w, y);
    addStrip(strips, x, y + h, w, ch - y - h);
    BufferedImage copy = Transform.scale(src, w, h);
    int fx = x;
    int fy = y;
    int fw = w;
    int fh = h;
    return Transform.draw(
        cw,
        ch,
        g -> {
          g.setColor(GUTTER_COLOUR);
          g.fillRect(0, 0, cw, ch);
          for (int i = 0; i < strips.size(); i++) {
            int[] r = strips.get(i);
            fill(g, tiles.pick(choice, i), r[0], r[1], r[2], r[3]);
          }
          g.drawImage(copy, fx, fy, fw, fh, null);
        });
  }

  private static void addStrip(List<int[]> strips, int x, int y, int w, int h) {
    if (w < 4 * GUTTER || h < 4 * GUTTER) {
      return; // too thin to show a picture; the gutter colour fills it
    }
    if (h > 1.6 * w) {
      int half = h / 2;
      addStrip(strips, x, y, w, half);
      addStrip(strips, x, y + half, w, h - half);
    } else if (w > 1.6 * h) {
      int half = w / 2;
      addStrip(strips, x, y, half, h);
      addStrip(strips, x + half, y, w - half, h);
    } else {
      strips.add(
          new int[] {
            x + GUTTER / 2, y + GUTTER / 2, Math.max(1, w - GUTTER), Math.max(1, h - GUTTER)
          });
    }
  }

  /** Draws {@code p} cropped to fill the rectangle, centred. */
  private static void fill(Graphics2D g, BufferedImage p, int x, int y, int w, int h) {
    double s = Math.max((double) w / p.getWidth(), (double) h / p.getHeight());
    int sw = Math.max(1, (int) Math.min(p.getWidth(), Math.round(w / s)));
    int sh = Math.max(1, (int) Math.min(p.getHeight(), Math.round(h / s)));
    int sx = (p.getWidth() - sw) / 2;
    int sy = (p.getHeight() - sh) / 2;
    g.drawImage(p, x, y, x + w, y + h, sx, sy, sx + sw, sy + sh, null);
  }
}
