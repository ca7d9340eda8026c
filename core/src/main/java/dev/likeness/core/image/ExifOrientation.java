package dev.likeness.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Turns stored pixels upright according to an EXIF/TIFF orientation tag (1–8).
 *
 * <p>The tag tells where the stored row 0 and column 0 belong visually; 2, 4, 5 and 7 include a
 * mirror, 5–8 swap width and height.
 */
public final class ExifOrientation {
  /** No transform needed. */
  public static final int NORMAL = 1;

  private ExifOrientation() {}

  /** Whether {@code orientation} is a defined tag value (1–8). */
  public static boolean isValid(int orientation) {
    return orientation >= 1 && orientation <= 8;
  }

  /** Whether the orientation swaps width and height (5–8). */
  public static boolean swapsAxes(int orientation) {
    return orientation >= 5 && orientation <= 8;
  }

  /**
   * The upright image for pixels stored with {@code orientation}; the same instance for 1 or an
   * undefined value. The result is {@code TYPE_INT_RGB} when the input is, otherwise {@code
   * TYPE_INT_ARGB}.
   */
  public static BufferedImage apply(BufferedImage stored, int orientation) {
    if (!isValid(orientation) || orientation == NORMAL) {
      return stored;
    }
    int w = stored.getWidth();
    int h = stored.getHeight();
    int[] src = argbPixels(stored);
    boolean swap = swapsAxes(orientation);
    int outW = swap ? h : w;
    int outH = swap ? w : h;
    int type =
        stored.getType() == BufferedImage.TYPE_INT_RGB
            ? BufferedImage.TYPE_INT_RGB
            : BufferedImage.TYPE_INT_ARGB;
    BufferedImage upright = new BufferedImage(outW, outH, type);
    int[] dst = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < outH; y++) {
      int row = y * outW;
      for (int x = 0; x < outW; x++) {
        dst[row + x] = src[sourceIndex(orientation, x, y, w, h)];
      }
    }
    return upright;
  }

  /** Index into the stored w×h pixels of the pixel that lands at upright (x, y). */
  private static int sourceIndex(int orientation, int x, int y, int w, int h) {
    switch (orientation) {
      case 2:
        return y * w + (w - 1 - x); // mirror left-right
      case 3:
        return (h - 1 - y) * w + (w - 1 - x); // rotate 180
      case 4:
        return (h - 1 - y) * w + x; // mirror top-bottom
      case 5:
        return x * w + y; // transpose
      case 6:
        return (h - 1 - x) * w + y; // rotate 90 clockwise
      case 7:
        return (h - 1 - x) * w + (w - 1 - y); // transverse
      case 8:
        return x * w + (w - 1 - y); // rotate 90 anticlockwise
      default:
        return y * w + x;
    }
  }

  private static int[] argbPixels(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    // Read the backing array directly when it is exactly w×h ints (the decoder's normal case): no
    // copy.
    if ((image.getType() == BufferedImage.TYPE_INT_RGB
            || image.getType() == BufferedImage.TYPE_INT_ARGB)
        && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
        && model.getScanlineStride() == w
        && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0
        && image.getRaster().getDataBuffer().getOffset() == 0) {
      return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
    return image.getRGB(0, 0, w, h, null, 0, w);
  }
}
