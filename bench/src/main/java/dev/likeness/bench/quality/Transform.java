package dev.likeness.bench.quality;

import java.awt.AlphaComposite;
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
import java.util.function.Consumer;

/**
 * The edits a copy of an image goes through before someone searches for it. Each entry changes the
 * pixels and names the encoding the copy is saved in. Pure: no I/O beyond in-memory encoding.
 */
public enum Transform {
  /** Half the width and height. */
  RESIZE_50("resize 50 %", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return scale(src, src.getWidth() / 2, src.getHeight() / 2);
    }
  },
  /** Same pixels, JPEG quality 20. */
  JPEG_Q20("JPEG q20", Encoding.JPEG_20) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return src;
    }
  },
  /** 10 % cut from one side, chosen per image from the variant (right for variant 0). */
  CROP_10("crop 10 % (one side)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return edit(src, 0);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return cropSide(src, 0.10, side(variant));
    }
  },
  /** 25 % cut from one side, chosen per image from the variant (bottom for variant 0). */
  CROP_25("crop 25 % (one side)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return edit(src, 0);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return cropSide(src, 0.25, side(variant));
    }
  },
  /** The central 70 % of each side. */
  CENTRE_CROP_70("centre crop 70 %", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      int w = (int) Math.round(src.getWidth() * 0.70);
      int h = (int) Math.round(src.getHeight() * 0.70);
      return src.getSubimage((src.getWidth() - w) / 2, (src.getHeight() - h) / 2, w, h);
    }
  },
  /** A quarter turn clockwise. */
  ROTATE_90("rotate 90°", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      int w = src.getWidth();
      int h = src.getHeight();
      AffineTransform t = new AffineTransform(0, 1, -1, 0, h, 0); // (x, y) -> (h - y, x)
      return draw(h, w, g -> g.drawImage(src, t, null));
    }
  },
  /** Turned 5° about the centre; the corners are filled black and the canvas keeps its size. */
  ROTATE_5("rotate 5°", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      int w = src.getWidth();
      int h = src.getHeight();
      return draw(
          w,
          h,
          g -> {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(
                src, AffineTransform.getRotateInstance(Math.toRadians(5), w / 2.0, h / 2.0), null);
          });
    }
  },
  /** Left-right mirror. */
  MIRROR("mirror", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      AffineTransform t = new AffineTransform(-1, 0, 0, 1, src.getWidth(), 0);
      return draw(src.getWidth(), src.getHeight(), g -> g.drawImage(src, t, null));
    }
  },
  /** Luma only (Rec. 601 weights), stored as RGB. */
  GRAYSCALE("grayscale", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return mapRgb(
          src,
          (r, g, b) -> {
            int y = clamp(0.299 * r + 0.587 * g + 0.114 * b);
            return new int[] {y, y, y};
          });
    }
  },
  /** Every channel value times 1.3. */
  BRIGHTNESS_30("brightness +30 %", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return mapRgb(src, (r, g, b) -> new int[] {clamp(r * 1.3), clamp(g * 1.3), clamp(b * 1.3)});
    }
  },
  /** Distances from mid-grey times 1.3. */
  CONTRAST_30("contrast +30 %", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return mapRgb(
          src,
          (r, g, b) ->
              new int[] {
                clamp(128 + (r - 128) * 1.3),
                clamp(128 + (g - 128) * 1.3),
                clamp(128 + (b - 128) * 1.3)
              });
    }
  },
  /** Gaussian blur, sigma 2 px (kernel radius 6). */
  BLUR("blur (Gaussian, σ 2 px)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return gaussian(src, 2.0);
    }
  },
  /** A line of large white text with a dark outline across the middle. */
  TEXT_OVERLAY("text overlay", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      int w = src.getWidth();
      int h = src.getHeight();
      return draw(
          w,
          h,
          g -> {
            g.drawImage(src, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            // A meme-style caption: as wide as the image, about a sixth of its height.
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, h / 6));
            TextLayout probe = new TextLayout(CAPTION, font, g.getFontRenderContext());
            float size =
                (float) (font.getSize2D() * Math.min(1.0, 0.92 * w / probe.getBounds().getWidth()));
            TextLayout text =
                new TextLayout(CAPTION, font.deriveFont(size), g.getFontRenderContext());
            var bounds = text.getBounds();
            var shape =
                text.getOutline(
                    AffineTransform.getTranslateInstance(
                        (w - bounds.getWidth()) / 2 - bounds.getX(),
                        (h - bounds.getHeight()) / 2 - bounds.getY()));
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(Math.max(2f, size / 12)));
            g.draw(shape);
            g.setColor(Color.WHITE);
            g.fill(shape);
          });
    }
  },
  /** A solid border 10 % of the shorter side wide on every side. */
  BORDER_10("border 10 %", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      int b = (int) Math.round(Math.min(src.getWidth(), src.getHeight()) * 0.10);
      return draw(
          src.getWidth() + 2 * b,
          src.getHeight() + 2 * b,
          g -> {
            g.setColor(new Color(0xF4F1EA)); // off-white, like a print frame
            g.fillRect(0, 0, src.getWidth() + 2 * b, src.getHeight() + 2 * b);
            g.drawImage(src, b, b, null);
          });
    }
  },
  /** Lossless re-encode as PNG. */
  PNG("PNG", Encoding.PNG) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return src;
    }
  },
  /** Re-encode as lossy WebP. */
  WEBP("WebP", Encoding.WEBP) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return src;
    }
  },
  /** Re-encode as GIF with 256 colours. */
  GIF("GIF (256 colours)", Encoding.GIF) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return src;
    }
  },
  /**
   * A phone screenshot of the image: 3 % cropped from each side, fitted to the width of a 1080×2340
   * screen, a dark status bar above and a light toolbar below, saved as JPEG q85.
   */
  SCREENSHOT("screenshot-like", Encoding.JPEG_85) {
    @Override
    BufferedImage edit(BufferedImage src) {
      int dx = (int) Math.round(src.getWidth() * 0.03);
      int dy = (int) Math.round(src.getHeight() * 0.03);
      BufferedImage cropped =
          src.getSubimage(dx, dy, src.getWidth() - 2 * dx, src.getHeight() - 2 * dy);
      int sw = 1080;
      int ih = (int) Math.round((double) cropped.getHeight() * sw / cropped.getWidth());
      int bar = 96;
      int tools = 160;
      BufferedImage scaled = scale(cropped, sw, ih);
      return draw(
          sw,
          bar + ih + tools,
          g -> {
            g.setColor(new Color(0x202124));
            g.fillRect(0, 0, sw, bar);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 40));
            g.drawString("12:34", 40, 64);
            g.fillRect(sw - 140, 36, 90, 36); // battery
            g.drawImage(scaled, 0, bar, null);
            g.setColor(new Color(0xF1F3F4));
            g.fillRect(0, bar + ih, sw, tools);
          });
    }
  },
  /**
   * A photo agency's preview mark: a large semi-transparent word across the centre, turned about
   * 30°, each letter about a seventh of the width, and a small credit strip in a corner (a dark
   * band with small white text). Variant 0 is that; other variants draw the opacity (30, 45 or 60
   * %), the letter size (a sixth to a ninth of the width), the word, the turn and the corner.
   */
  STOCK_WATERMARK("stock watermark", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return edit(src, 0);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return StockWatermark.of(variant == 0 ? 0 : mixed(variant, ordinal())).drawOn(src);
    }
  },
  /**
   * A print or a screen photographed at an angle: keystone 8–12 % (a projective warp), towards a
   * side drawn per image, with background around it. Variant 0: 10 %, far edge at the top.
   */
  PERSPECTIVE("perspective (keystone 8–12 %)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return new Keystone(0.10, Side.TOP, new Color(0x3A3A3C)).drawOn(src);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return variant == 0 ? edit(src) : Keystone.of(mixed(variant, ordinal())).drawOn(src);
    }
  },
  /**
   * The copy as a fifth of a collage of several photographs; the others are held-out pictures
   * ({@link CollageTiles}), plain tiles when none are given.
   */
  COLLAGE("collage (a fifth of it)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return edit(src, 0, CollageTiles.none());
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant, CollageTiles tiles) {
      return Collage.of(variant == 0 ? 2 | 4 << 8 : mixed(variant, ordinal())).drawOn(src, tiles);
    }
  },
  /**
   * Meme captions over the top and bottom 18 %: on white or black bands, or outlined letters
   * straight on the picture, drawn per image.
   */
  MEME("meme captions (top and bottom 18 %)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return MemeCaption.of(0).drawOn(src);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return MemeCaption.of(variant == 0 ? 0 : mixed(variant, ordinal())).drawOn(src);
    }
  },
  /** Turned 45° on a canvas grown to hold it, the corners filled black or white per image. */
  ROTATE_45("rotate 45° (canvas grown)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return edit(src, 0);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return rotateGrown(src, 45, cornerFill(variant, ordinal()));
    }
  },
  /** Turned 15° on a canvas grown to hold it, the corners filled black or white per image. */
  ROTATE_15("rotate 15° (canvas grown)", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return edit(src, 0);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return rotateGrown(src, 15, cornerFill(variant, ordinal()));
    }
  },
  /** The central 50 % of each side (a quarter of the area). */
  CENTRE_CROP_50("centre crop 50 %", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      int w = (int) Math.round(src.getWidth() * 0.50);
      int h = (int) Math.round(src.getHeight() * 0.50);
      return src.getSubimage((src.getWidth() - w) / 2, (src.getHeight() - h) / 2, w, h);
    }
  },
  /** A round logo in a corner and a faint name tiled over the whole picture, drawn per image. */
  LOGO_WATERMARK("logo + tiled faint text", Encoding.JPEG_90) {
    @Override
    BufferedImage edit(BufferedImage src) {
      return LogoWatermark.of(0).drawOn(src);
    }

    @Override
    BufferedImage edit(BufferedImage src, long variant) {
      return LogoWatermark.of(variant == 0 ? 0 : mixed(variant, ordinal())).drawOn(src);
    }
  };

  private static final String CAPTION = "WHEN THE CODE FINALLY COMPILES";

  private final String label;
  private final Encoding encoding;

  Transform(String label, Encoding encoding) {
    this.label = label;
    this.encoding = encoding;
  }

  /** The name used in reports. */
  public String label() {
    return label;
  }

  /** The encoding the edited copy is saved in. */
  public Encoding encoding() {
    return encoding;
  }

  /** The edited pixels of {@code src} (TYPE_INT_RGB in, TYPE_INT_RGB out). */
  abstract BufferedImage edit(BufferedImage src);

  /**
   * The edited pixels of {@code src}, with the edit's free choices (which side a crop cuts) taken
   * from {@code variant}; edits without such a choice ignore it.
   */
  BufferedImage edit(BufferedImage src, long variant) {
    return edit(src);
  }

  /**
   * The edited pixels of {@code src} for {@code variant}; a collage takes its other photographs
   * from {@code tiles}, every other edit ignores them.
   */
  BufferedImage edit(BufferedImage src, long variant, CollageTiles tiles) {
    return edit(src, variant);
  }

  /** The edited copy of {@code src} as file bytes, with the default choices (variant 0). */
  public byte[] apply(BufferedImage src) {
    return apply(src, 0);
  }

  /**
   * The edited copy of {@code src} as file bytes; {@code variant} (e.g. derived from the run's seed
   * and the image's id) picks the edit's free choices, so one-side crops do not all cut the same
   * side.
   */
  public byte[] apply(BufferedImage src, long variant) {
    return apply(src, variant, CollageTiles.none());
  }

  /** As {@link #apply(BufferedImage, long)}, a collage made with photographs from {@code tiles}. */
  public byte[] apply(BufferedImage src, long variant, CollageTiles tiles) {
    BufferedImage edited = edit(src, variant, tiles);
    // getSubimage shares the raster; copy so encoders see a plain image starting at (0, 0).
    return encoding.encode(
        edited.getType() == BufferedImage.TYPE_INT_RGB && edited.getRaster().getParent() == null
            ? edited
            : draw(edited.getWidth(), edited.getHeight(), g -> g.drawImage(edited, 0, 0, null)));
  }

  /** A side of an image. */
  public enum Side {
    /** The left edge. */
    LEFT,
    /** The right edge. */
    RIGHT,
    /** The top edge. */
    TOP,
    /** The bottom edge. */
    BOTTOM
  }

  /**
   * The side a one-side crop cuts for {@code variant} (other edits ignore it): spread evenly over
   * the four sides, independent for the two crops of one image, and {@link #defaultSide()} for
   * variant 0.
   */
  public Side side(long variant) {
    if (variant == 0) {
      return defaultSide();
    }
    // SplitMix64's finaliser: neighbouring variants (consecutive seeds, similar ids) land on
    // unrelated sides, and each edit mixes in its own constant so the two crops differ.
    return Side.values()[(int) Math.floorMod(mixed(variant, ordinal()), 4L)];
  }

  /** {@code variant} mixed with an edit's own constant: unrelated choices for related inputs. */
  static long mixed(long variant, int edit) {
    long z = variant + 0x9E3779B97F4A7C15L * (edit + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The side cut when no variant is given: the right for crop 10 %, the bottom otherwise (as before
   * variants).
   */
  public Side defaultSide() {
    return this == CROP_10 ? Side.RIGHT : Side.BOTTOM;
  }

  /**
   * The variant for image {@code id} in a run seeded with {@code seed}: stable across runs and
   * JVMs.
   */
  public static long variant(long seed, String id) {
    long h = 1125899906842597L; // a fixed 64-bit string hash, so the side does not depend on
    // String.hashCode's width
    for (int i = 0; i < id.length(); i++) {
      h = 31 * h + id.charAt(i);
    }
    return (h ^ seed * 0x9E3779B97F4A7C15L) | 1; // never 0, which means "default side"
  }

  static BufferedImage cropSide(BufferedImage src, double share, Side side) {
    int w = src.getWidth();
    int h = src.getHeight();
    int cw = (int) Math.round(w * share);
    int ch = (int) Math.round(h * share);
    return switch (side) {
      case LEFT -> src.getSubimage(cw, 0, w - cw, h);
      case RIGHT -> src.getSubimage(0, 0, w - cw, h);
      case TOP -> src.getSubimage(0, ch, w, h - ch);
      case BOTTOM -> src.getSubimage(0, 0, w, h - ch);
    };
  }

  /** Black or white corners for a grown rotation, drawn from {@code variant} (black for 0). */
  static Color cornerFill(long variant, int edit) {
    return variant != 0 && (mixed(variant, edit) & 1) == 1 ? Color.WHITE : Color.BLACK;
  }

  /**
   * {@code src} turned {@code degrees} clockwise about its centre on a canvas grown to hold all of
   * it, the uncovered corners filled with {@code fill}.
   */
  static BufferedImage rotateGrown(BufferedImage src, double degrees, Color fill) {
    int w = src.getWidth();
    int h = src.getHeight();
    double r = Math.toRadians(degrees);
    double cos = Math.abs(Math.cos(r));
    double sin = Math.abs(Math.sin(r));
    int ow = (int) Math.ceil(w * cos + h * sin);
    int oh = (int) Math.ceil(w * sin + h * cos);
    AffineTransform t = AffineTransform.getTranslateInstance(ow / 2.0, oh / 2.0);
    t.rotate(r);
    t.translate(-w / 2.0, -h / 2.0);
    return draw(
        ow,
        oh,
        g -> {
          g.setColor(fill);
          g.fillRect(0, 0, ow, oh);
          g.setRenderingHint(
              RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
          g.drawImage(src, t, null);
        });
  }

  /** A copy of {@code src} with {@code marks} drawn over it, anti-aliased (text too). */
  static BufferedImage drawOver(BufferedImage src, Consumer<Graphics2D> marks) {
    return draw(
        src.getWidth(),
        src.getHeight(),
        g -> {
          g.drawImage(src, 0, 0, null);
          g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          g.setRenderingHint(
              RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
          marks.accept(g);
        });
  }

  static BufferedImage draw(int w, int h, Consumer<Graphics2D> painter) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setComposite(AlphaComposite.SrcOver);
      painter.accept(g);
    } finally {
      g.dispose();
    }
    return out;
  }

  static BufferedImage scale(BufferedImage src, int w, int h) {
    // Two-step area-ish downscale: bilinear halving until within 2x, then bilinear to size, so a
    // large reduction does not alias the way a single bilinear step would.
    BufferedImage cur = src;
    while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
      BufferedImage c = cur;
      cur =
          draw(
              c.getWidth() / 2,
              c.getHeight() / 2,
              g -> bilinear(g).drawImage(c, 0, 0, c.getWidth() / 2, c.getHeight() / 2, null));
    }
    BufferedImage c = cur;
    return draw(w, h, g -> bilinear(g).drawImage(c, 0, 0, w, h, null));
  }

  private static Graphics2D bilinear(Graphics2D g) {
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    return g;
  }

  private interface RgbMap {
    int[] map(int r, int g, int b);
  }

  private static BufferedImage mapRgb(BufferedImage src, RgbMap f) {
    int w = src.getWidth();
    int h = src.getHeight();
    int[] px = src.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      int[] o = f.map((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
      px[i] = (o[0] << 16) | (o[1] << 8) | o[2];
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static BufferedImage gaussian(BufferedImage src, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * radius + 1];
    float sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    // Separable: one horizontal and one vertical pass; EDGE_NO_OP leaves a thin unblurred rim,
    // which is invisible to a 64x64-downsampled hash.
    BufferedImage plain = draw(src.getWidth(), src.getHeight(), g -> g.drawImage(src, 0, 0, null));
    BufferedImage h =
        new ConvolveOp(new Kernel(k.length, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(plain, null);
    return new ConvolveOp(new Kernel(1, k.length, k), ConvolveOp.EDGE_NO_OP, null).filter(h, null);
  }
}
