package dev.likeness.bench.quality;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The other photographs a collage is made of: held-out pictures only, so that no tile is itself an
 * indexed image. Kept small (longest side {@link #SIDE}) since every collage draws several.
 */
public final class CollageTiles {
  /** Longest side a tile picture is kept at. */
  static final int SIDE = 480;

  private static final Color[] PLAIN = {
    new Color(0x6B8E9F), new Color(0xC9A66B), new Color(0x4F6D4A), new Color(0xA05A5A)
  };

  private final List<BufferedImage> pictures;

  private CollageTiles(List<BufferedImage> pictures) {
    this.pictures = pictures;
  }

  /** Tiles from {@code pictures} (scaled down here). */
  public static CollageTiles of(List<BufferedImage> pictures) {
    return new CollageTiles(pictures.stream().map(CollageTiles::small).toList());
  }

  /** No photographs: plain coloured tiles, for runs without held-out pictures. */
  public static CollageTiles none() {
    return new CollageTiles(List.of());
  }

  /** The {@code i}-th tile for a collage drawn with {@code choice}. */
  BufferedImage pick(long choice, int i) {
    if (pictures.isEmpty()) {
      Color c = PLAIN[Math.floorMod(i, PLAIN.length)];
      return Transform.draw(
          64,
          48,
          g -> {
            g.setColor(c);
            g.fillRect(0, 0, 64, 48);
          });
    }
    long z = Transform.mixed(choice, 1000 + i);
    return pictures.get((int) Math.floorMod(z, (long) pictures.size()));
  }

  /** {@code p} scaled down to at most {@link #SIDE} on its longest side. */
  static BufferedImage small(BufferedImage p) {
    double s = Math.min(1.0, (double) SIDE / Math.max(p.getWidth(), p.getHeight()));
    return s >= 1.0
        ? p
        : Transform.scale(
            p,
            Math.max(1, (int) Math.round(p.getWidth() * s)),
            Math.max(1, (int) Math.round(p.getHeight() * s)));
  }
}
