package dev.likeness.core.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.function.IntFunction;

/**
 * Finds the content of an image inside uniform borders: rows and columns at the edges that are all
 * (but a few pixels) one colour, within a tolerance that absorbs JPEG noise. A framed or
 * letterboxed copy and its original then hash the same content. Each side is trimmed on its own,
 * and each line against its own median colour, so stacked borders (a dark bar above a light frame)
 * go too; never past {@link #MAX_SHARE} of the image, and only in opposite pairs (top with bottom,
 * left with right).
 */
public final class BorderTrim {
  /** Largest share of the width or height trimmed from one side. */
  public static final double MAX_SHARE = 0.4;

  /** Default largest difference per channel from the border colour. */
  public static final int DEFAULT_TOLERANCE = 24;

  /** Default share of a line's pixels that must match the border colour. */
  public static final double DEFAULT_COVERAGE = 0.98;

  /**
   * Share of a line's pixels that must match the bar colour for {@link #screenBars()}: a status
   * bar's clock and icons cover up to a quarter of its rows.
   */
  public static final double BAR_COVERAGE = 0.75;

  /**
   * Per-channel tolerance for {@link #screenBars()}: a bar is one flat colour, only JPEG noise on
   * it.
   */
  public static final int BAR_TOLERANCE = 6;

  /** Largest share of the width or height {@link #screenBars()} takes from one side. */
  public static final double BAR_MAX_SHARE = 0.25;

  /**
   * A bar ends at a sharp edge: a line that matches neither the bar colour nor the colour of the
   * line before it on a fifth of its pixels (a sky's gradient drifts out of the bar colour, but
   * each line still matches the one before).
   */
  public static final double BAR_EDGE = 0.2;

  private static final int BAR_EDGE_LINES = 8;

  private final int tolerance;
  private final double coverage;
  private final boolean pairsOnly;

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
    this(tolerance, coverage, true);
  }

  private BorderTrim(int tolerance, double coverage, boolean pairsOnly) {
    this.tolerance = tolerance;
    this.coverage = coverage;
    this.pairsOnly = pairsOnly;
  }

  /**
   * A trimmer for queries that finds the picture inside a screenshot's bars: each side on its own,
   * bands of one flat colour but for glyphs and icons (a status bar with its clock above, a toolbar
   * below), ending at a sharp edge. The pairwise trim stops at the clock, or keeps a bar without a
   * twin. It can also take a plain band that ends sharply off a photo (a wall, a black frame),
   * which is why only queries use it: a query searches with its untrimmed hashes as well, while an
   * indexed hash must be cut the same way in every copy.
   */
  public static BorderTrim screenBars() {
    return new BorderTrim(BAR_TOLERANCE, BAR_COVERAGE, false);
  }

  /** The content rectangle of {@code image}; the whole image when it has no uniform border. */
  public Rectangle content(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    // Lines are read one at a time, and only while they are border: most images stop at the first.
    Lines lines = Lines.of(image);
    double share = pairsOnly ? MAX_SHARE : BAR_MAX_SHARE;
    int maxY = (int) (h * share);
    int maxX = (int) (w * share);
    int top = side(k -> lines.row(k, 0, w), maxY, w);
    int bottom = side(k -> lines.row(h - 1 - k, 0, w), maxY, w);
    // Frames, letterboxes and screenshot bars come in opposite pairs; a plain band on one side
    // only is usually content (a night sky, a wall), and trimming it would make the hash depend
    // on how the band's noise falls in each copy.
    if (pairsOnly && (top == 0 || bottom == 0)) {
      top = 0;
      bottom = 0;
    }
    int y0 = top;
    int height = h - top - bottom;
    int left = side(k -> lines.column(k, y0, height), maxX, height);
    int right = side(k -> lines.column(w - 1 - k, y0, height), maxX, height);
    if (pairsOnly && (left == 0 || right == 0)) {
      left = 0;
      right = 0;
    }
    return new Rectangle(left, top, w - left - right, height);
  }

  /**
   * {@code image} without its uniform borders (a view sharing its pixels), or {@code image} itself.
   */
  public BufferedImage trim(BufferedImage image) {
    Rectangle r = content(image);
    if (r.width == image.getWidth() && r.height == image.getHeight()) {
      return image;
    }
    return image.getSubimage(r.x, r.y, r.width, r.height);
  }

  /**
   * How many lines from one edge are border: line {@code k} (counted from the edge) has {@code
   * length} pixels and is border when nearly all of them are near its per-channel median colour.
   */
  private int side(IntFunction<int[]> line, int maxLines, int length) {
    if (length <= 0) {
      return 0;
    }
    if (!pairsOnly) {
      return bar(line, maxLines, length);
    }
    int allowed = (int) Math.floor(length * (1 - coverage));
    int lines = 0;
    while (lines < maxLines) {
      int[] rgb = line.apply(lines);
      int reference = medianColour(rgb, length);
      int off = 0;
      for (int k = 0; k < length; k++) {
        if (!near(rgb[k], reference)) {
          if (++off > allowed) {
            return lines;
          }
        }
      }
      lines++;
    }
    return lines;
  }

  /**
   * How many lines from one edge are a bar: lines of the edge line's colour (but for glyphs and
   * icons), then, within one JPEG block (whose ringing blurs the edge), a line that mostly is not
   * that colour; 0 if there is no such edge within {@code maxLines}. A sky or a wall fades or ends
   * unevenly, and is left alone.
   */
  private int bar(IntFunction<int[]> line, int maxLines, int length) {
    int colour = medianColour(line.apply(0), length);
    for (int lines = 0; lines <= maxLines; lines++) {
      if (matching(line.apply(lines), length, colour) < coverage * length) {
        if (lines == 0) {
          return 0;
        }
        // The line buffer is shared: each line's colour is taken before the next line is read.
        for (int edge = lines; edge < lines + BAR_EDGE_LINES && edge <= maxLines; edge++) {
          int before = medianColour(line.apply(edge - 1), length);
          int[] rgb = line.apply(edge);
          if (matching(rgb, length, colour) < BAR_EDGE * length
              && matching(rgb, length, before) < BAR_EDGE * length) {
            return edge;
          }
        }
        return 0;
      }
    }
    return 0;
  }

  private int matching(int[] rgb, int length, int colour) {
    int matching = 0;
    for (int k = 0; k < length; k++) {
      if (near(rgb[k], colour)) {
        matching++;
      }
    }
    return matching;
  }

  private boolean near(int a, int b) {
    return Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) <= tolerance
        && Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)) <= tolerance
        && Math.abs((a & 0xFF) - (b & 0xFF)) <= tolerance;
  }

  private static int medianColour(int[] rgb, int length) {
    int[][] hist = new int[3][256];
    for (int k = 0; k < length; k++) {
      int c = rgb[k];
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

  /** Reads whole rows and columns of sRGB pixels into a reused buffer. */
  private abstract static class Lines {
    int[] buffer = new int[0];

    static Lines of(BufferedImage image) {
      if (image.getRaster().getDataBuffer() instanceof DataBufferInt ints
          && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel sm
          && (image.getType() == BufferedImage.TYPE_INT_RGB
              || image.getType() == BufferedImage.TYPE_INT_ARGB)) {
        return new PackedLines(image, ints, sm);
      }
      return new ColourModelLines(image);
    }

    /** Pixels {@code x0 .. x0 + length} of row {@code y}, from index 0 of the returned buffer. */
    abstract int[] row(int y, int x0, int length);

    /**
     * Pixels {@code y0 .. y0 + length} of column {@code x}, from index 0 of the returned buffer.
     */
    abstract int[] column(int x, int y0, int length);

    int[] buffer(int length) {
      if (buffer.length < length) {
        buffer = new int[length];
      }
      return buffer;
    }
  }

  /** TYPE_INT_RGB and _ARGB (what the decoder produces), read straight from the data array. */
  private static final class PackedLines extends Lines {
    private final int[] data;
    private final int stride;
    private final int origin;

    PackedLines(BufferedImage image, DataBufferInt ints, SinglePixelPackedSampleModel sm) {
      this.data = ints.getData();
      this.stride = sm.getScanlineStride();
      // A sub-image shares its parent's array, offset by the raster's translation.
      this.origin =
          ints.getOffset()
              - image.getRaster().getSampleModelTranslateY() * stride
              - image.getRaster().getSampleModelTranslateX();
    }

    @Override
    int[] row(int y, int x0, int length) {
      int[] out = buffer(length);
      System.arraycopy(data, origin + y * stride + x0, out, 0, length);
      return out;
    }

    @Override
    int[] column(int x, int y0, int length) {
      int[] out = buffer(length);
      for (int k = 0, p = origin + y0 * stride + x; k < length; k++, p += stride) {
        out[k] = data[p];
      }
      return out;
    }
  }

  /** Any other layout, through the colour model. */
  private static final class ColourModelLines extends Lines {
    private final BufferedImage image;

    ColourModelLines(BufferedImage image) {
      this.image = image;
    }

    @Override
    int[] row(int y, int x0, int length) {
      return image.getRGB(x0, y, length, 1, buffer(length), 0, length);
    }

    @Override
    int[] column(int x, int y0, int length) {
      return image.getRGB(x, y0, 1, length, buffer(length), 0, 1);
    }
  }
}
