package dev.likeness.bench.quality;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Flat, low-texture pictures drawn from a seed: the kind whose PDQ hashes are decided by a few
 * smooth shapes, so that two different ones can sit a few bits apart in some dihedral form. Half of
 * each kind is indexed and half held out, so a false match between two of them shows up both as a
 * distractor query that matches and as an indexed picture that is matched.
 */
public final class FlatPictures {
  /** What a flat picture shows. */
  public enum Kind {
    /** A smooth shaded disc on white or black. */
    PLANET,
    /** A smooth vertical gradient with faint noise. */
    SKY,
    /** A linear or radial gradient between two colours, in one of several directions. */
    GRADIENT,
    /** One simple smooth object on white, softly shaded. */
    PRODUCT
  }

  /**
   * One generated picture.
   *
   * @param id its id in the harness ({@code flat/KIND-NN.png})
   * @param kind what it shows
   * @param indexed whether it is indexed (otherwise it is held out as a distractor)
   * @param pixels the picture
   */
  public record Picture(String id, Kind kind, boolean indexed, BufferedImage pixels) {}

  /** Folder prefix of the ids, so that they cannot collide with files of the photo folder. */
  public static final String PREFIX = "flat/";

  private FlatPictures() {}

  /** Whether {@code id} names a generated flat picture. */
  public static boolean isFlat(String id) {
    return id.startsWith(PREFIX);
  }

  /**
   * {@code count} pictures, the kinds in turn, every other one of a kind indexed; the same for the
   * same seed.
   */
  public static List<Picture> generate(int count, long seed) {
    List<Picture> out = new ArrayList<>();
    Kind[] kinds = Kind.values();
    for (int i = 0; i < count; i++) {
      Kind kind = kinds[i % kinds.length];
      int n = i / kinds.length;
      String id =
          String.format(
              Locale.ROOT, "%s%s-%02d.png", PREFIX, kind.name().toLowerCase(Locale.ROOT), n);
      out.add(new Picture(id, kind, n % 2 == 0, draw(kind, new Random(seed * 1_000_003L + i))));
    }
    return out;
  }

  /** A picture of {@code kind}, its sizes, colours and placement drawn from {@code random}. */
  public static BufferedImage draw(Kind kind, Random random) {
    int w = 640 + 32 * random.nextInt(13);
    int h = 480 + 32 * random.nextInt(9);
    return switch (kind) {
      case PLANET -> planet(w, h, random);
      case SKY -> sky(w, h, random);
      case GRADIENT -> gradient(w, h, random);
      case PRODUCT -> product(w, h, random);
    };
  }

  private static BufferedImage planet(int w, int h, Random random) {
    boolean white = random.nextBoolean();
    int background = white ? 0xFFFFFF : 0x000000;
    // Near the centre, as planets are framed.
    double r = Math.min(w, h) * (0.2 + 0.22 * random.nextDouble());
    double cx = w * (0.35 + 0.3 * random.nextDouble());
    double cy = h / 2.0 + (h / 2.0 - r) * (random.nextDouble() - 0.5);
    // Mostly blue discs, the case of two planets matching each other.
    float hue = random.nextInt(3) < 2 ? 0.55f + 0.12f * random.nextFloat() : random.nextFloat();
    float[] hsb = {hue, 0.3f + 0.6f * random.nextFloat(), 0.7f + 0.3f * random.nextFloat()};
    Color base = Color.getHSBColor(hsb[0], hsb[1], hsb[2]);
    // Light from a random direction in front: Lambert shading of a sphere, an ambient floor.
    double lx = random.nextDouble() * 1.2 - 0.6;
    double ly = random.nextDouble() * 1.2 - 0.6;
    double lz = Math.sqrt(Math.max(0.1, 1 - lx * lx - ly * ly));
    int[] px = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = (x + 0.5 - cx) / r;
        double dy = (y + 0.5 - cy) / r;
        double d2 = dx * dx + dy * dy;
        if (d2 >= 1) {
          px[y * w + x] = background;
          continue;
        }
        double nz = Math.sqrt(1 - d2);
        double light = 0.3 + 0.7 * Math.max(0, dx * lx + dy * ly + nz * lz);
        // A one-pixel soft rim, as a rendered disc has.
        double edge = Math.min(1, (1 - Math.sqrt(d2)) * r);
        px[y * w + x] = mix(background, scale(base, light), edge);
      }
    }
    return image(w, h, px);
  }

  private static BufferedImage sky(int w, int h, Random random) {
    Color top =
        Color.getHSBColor(
            0.55f + 0.1f * random.nextFloat(),
            0.5f + 0.4f * random.nextFloat(),
            0.4f + 0.4f * random.nextFloat());
    Color bottom =
        Color.getHSBColor(
            0.5f + 0.15f * random.nextFloat(),
            0.05f + 0.3f * random.nextFloat(),
            0.8f + 0.2f * random.nextFloat());
    double noise = 1 + 2 * random.nextDouble();
    double bend = 0.6 + 0.8 * random.nextDouble(); // where the gradient is steepest
    int[] px = new int[w * h];
    for (int y = 0; y < h; y++) {
      double t = Math.pow((y + 0.5) / h, bend);
      for (int x = 0; x < w; x++) {
        px[y * w + x] = lerp(top, bottom, t, random.nextGaussian() * noise);
      }
    }
    return image(w, h, px);
  }

  private static BufferedImage gradient(int w, int h, Random random) {
    Color a =
        Color.getHSBColor(random.nextFloat(), random.nextFloat(), 0.2f + 0.8f * random.nextFloat());
    Color b =
        Color.getHSBColor(random.nextFloat(), random.nextFloat(), 0.2f + 0.8f * random.nextFloat());
    return Transform.draw(
        w,
        h,
        g -> {
          if (random.nextInt(4) == 0) {
            Point2D centre = new Point2D.Double(w * random.nextDouble(), h * random.nextDouble());
            g.setPaint(
                new RadialGradientPaint(
                    centre,
                    (float) (Math.max(w, h) * (0.5 + 0.5 * random.nextDouble())),
                    new float[] {0, 1},
                    new Color[] {a, b},
                    MultipleGradientPaint.CycleMethod.NO_CYCLE));
          } else {
            // One of eight directions, through the centre.
            double angle = Math.PI / 4 * random.nextInt(8);
            double reach = 0.5 * Math.hypot(w, h);
            g.setPaint(
                new GradientPaint(
                    (float) (w / 2.0 - Math.cos(angle) * reach),
                    (float) (h / 2.0 - Math.sin(angle) * reach),
                    a,
                    (float) (w / 2.0 + Math.cos(angle) * reach),
                    (float) (h / 2.0 + Math.sin(angle) * reach),
                    b));
          }
          g.fillRect(0, 0, w, h);
        });
  }

  private static BufferedImage product(int w, int h, Random random) {
    Color colour =
        Color.getHSBColor(
            random.nextFloat(), 0.2f + 0.7f * random.nextFloat(), 0.4f + 0.6f * random.nextFloat());
    double ow = w * (0.2 + 0.35 * random.nextDouble());
    double oh = h * (0.3 + 0.5 * random.nextDouble());
    double ox = (w - ow) * (0.3 + 0.4 * random.nextDouble());
    double oy = (h - oh) * (0.3 + 0.4 * random.nextDouble());
    int shape = random.nextInt(3);
    return Transform.draw(
        w,
        h,
        g -> {
          g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          g.setColor(Color.WHITE);
          g.fillRect(0, 0, w, h);
          // A soft shadow under the object.
          g.setPaint(
              new RadialGradientPaint(
                  new Point2D.Double(ox + ow / 2, oy + oh),
                  (float) (ow * 0.6),
                  new float[] {0, 1},
                  new Color[] {new Color(0xC8C8C8), Color.WHITE}));
          g.fill(new Ellipse2D.Double(ox - ow * 0.1, oy + oh - oh * 0.06, ow * 1.2, oh * 0.12));
          // Shaded like a cylinder lit from one side.
          g.setPaint(
              new GradientPaint(
                  (float) ox,
                  0,
                  scaleColour(colour, 0.55),
                  (float) (ox + ow * (0.3 + 0.4 * random.nextDouble())),
                  0,
                  colour,
                  true));
          switch (shape) {
            case 0 -> g.fill(new RoundRectangle2D.Double(ox, oy, ow, oh, ow * 0.3, ow * 0.3));
            case 1 -> g.fill(new Ellipse2D.Double(ox, oy, ow, oh));
            default -> {
              // A bottle: a body and a narrower neck.
              g.fill(
                  new RoundRectangle2D.Double(ox, oy + oh * 0.3, ow, oh * 0.7, ow * 0.4, ow * 0.4));
              g.fill(
                  new RoundRectangle2D.Double(
                      ox + ow * 0.35, oy, ow * 0.3, oh * 0.35, ow * 0.1, ow * 0.1));
            }
          }
        });
  }

  private static BufferedImage image(int w, int h, int[] px) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  private static int scale(Color c, double f) {
    return rgb(c.getRed() * f, c.getGreen() * f, c.getBlue() * f);
  }

  private static Color scaleColour(Color c, double f) {
    return new Color(scale(c, f));
  }

  private static int mix(int background, int colour, double t) {
    double s = 1 - t;
    return rgb(
        ((background >> 16) & 0xFF) * s + ((colour >> 16) & 0xFF) * t,
        ((background >> 8) & 0xFF) * s + ((colour >> 8) & 0xFF) * t,
        (background & 0xFF) * s + (colour & 0xFF) * t);
  }

  private static int lerp(Color a, Color b, double t, double noise) {
    return rgb(
        a.getRed() + (b.getRed() - a.getRed()) * t + noise,
        a.getGreen() + (b.getGreen() - a.getGreen()) * t + noise,
        a.getBlue() + (b.getBlue() - a.getBlue()) * t + noise);
  }

  private static int rgb(double r, double g, double b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
