package dev.likeness.core.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Finds the content of an image inside uniform borders: rows and columns at the edges that are all
 * (but a few pixels) one colour, within a tolerance that absorbs JPEG noise. A framed or letterboxed
 * copy and its original then hash the same content. Each side is trimmed on its own, and each line
 * against its own median colour, so stacked borders (a dark bar above a light frame) go too; never
 * past {@link #MAX_SHARE} of the image, and only in opposite pairs (top with bottom, left with
 * right).
 */
public final class BorderTrim {
  /** Largest share of the width or height trimmed from one side. */
  public static final double MAX_SHARE = 0.4;
  /** Default largest difference per channel from the border colour. */
  public static final int DEFAULT_TOLERANCE = 24;
  /** Default share of a line's pixels that must match the border colour. */
  public static final double DEFAULT_COVERAGE = 0.98;

  private final int tolerance;
  private final double coverage;

  /** A trimmer with the default tolerance and coverage. */
  public BorderTrim() {
    this(DEFAULT_TOLERANCE, DEFAULT_COVERAGE);
  }

  /**
   * A trimmer.
   *
   * @param tolerance largest per-channel difference (0–255) from the border colour
   * @param coverage share of a row or column's pixels that must be within the tolerance
   */
  public BorderTrim(int tolerance, double coverage) {
    this.tolerance = tolerance;
    this.coverage = coverage;
  }

  /** The content rectangle of {@code image}; the whole image when it has no uniform border. */
  public Rectangle content(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    int maxY = (int) (h * MAX_SHARE);
    int maxX = (int) (w * MAX_SHARE);
    int top = side(rgb, 0, w, maxY, w, 1);
    int bottom = side(rgb, (h - 1) * w, -w, maxY, w, 1);
    // Frames, letterboxes and screenshot bars come in opposite pairs; a plain band on one side
    // only is usually content (a night sky, a wall), and trimming it would make the hash depend
    // on how the band's noise falls in each copy.
    if (top == 0 || bottom == 0) {
      top = 0;
      bottom = 0;
    }
    int left = side(rgb, top * w, 1, maxX, h - top - bottom, w);
    int right = side(rgb, top * w + w - 1, -1, maxX, h - top - bottom, w);
    if (left == 0 || right == 0) {
      left = 0;
      right = 0;
    }
    return new Rectangle(left, top, w - left - right, h - top - bottom);
  }

  /** {@code image} without its uniform borders (a view sharing its pixels), or {@code image} itself. */
  public BufferedImage trim(BufferedImage image) {
    Rectangle r = content(image);
    if (r.width == image.getWidth() && r.height == image.getHeight()) {
      return image;
    }
    return image.getSubimage(r.x, r.y, r.width, r.height);
  }

  /**
   * How many lines from one edge are border. A line starts at {@code start + k·lineStep} and has
   * {@code length} pixels {@code pixelStep} apart; it is border when nearly all its pixels are near
   * its per-channel median colour.
   */
  private int side(int[] rgb, int start, int lineStep, int maxLines, int length, int pixelStep) {
    if (length <= 0) {
      return 0;
    }
    int allowed = (int) Math.floor(length * (1 - coverage));
    int lines = 0;
    while (lines < maxLines) {
      int base = start + lines * lineStep;
      int reference = medianColour(rgb, base, length, pixelStep);
      int off = 0;
      for (int k = 0, p = base; k < length; k++, p += pixelStep) {
        if (!near(rgb[p], reference)) {
          if (++off > allowed) {
            return lines;
          }
        }
      }
      lines++;
    }
    return lines;
  }

  private boolean near(int a, int b) {
    return Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) <= tolerance
        && Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)) <= tolerance
        && Math.abs((a & 0xFF) - (b & 0xFF)) <= tolerance;
  }

  private static int medianColour(int[] rgb, int start, int length, int step) {
    int[][] hist = new int[3][256];
    for (int k = 0, p = start; k < length; k++, p += step) {
      int c = rgb[p];
      hist[0][(c >> 16) & 0xFF]++;
      hist[1][(c >> 8) & 0xFF]++;
      hist[2][c & 0xFF]++;
    }
    int colour = 0;
    for (int ch = 0; ch < 3; ch++) {
      int seen = 0;
      int v = 0;
      while (seen + hist[ch][v] <= length / 2) {
        seen += hist[ch][v++];
      }
      colour = (colour << 8) | v;
    }
    return colour;
  }
}
