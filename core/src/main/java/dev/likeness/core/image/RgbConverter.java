package dev.likeness.core.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts any decoded image to opaque {@code TYPE_INT_RGB}, compositing transparency over white.
 */
final class RgbConverter {
  private RgbConverter() {}

  /** The image as {@code TYPE_INT_RGB}; the same instance when it already is. */
  static BufferedImage toIntRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    ColorModel model = image.getColorModel();
    int space = model.getColorSpace().getType();
    if (!(model instanceof IndexColorModel) && space == ColorSpace.TYPE_GRAY) {
      return fromGrey(image);
    }
    BufferedImage source = image;
    if (!(model instanceof IndexColorModel) && !model.getColorSpace().isCS_sRGB()) {
      // CMYK, Lab, linear RGB, ICC profiles: let the colour management do it, then composite below.
      source = toSrgb(image);
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      if (source.getColorModel().hasAlpha()) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      }
      g.drawImage(source, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static BufferedImage toSrgb(BufferedImage image) {
    int type =
        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage srgb = new BufferedImage(image.getWidth(), image.getHeight(), type);
    new ColorConvertOp(null).filter(image, srgb);
    return srgb;
  }

  /*
   * Grey is read from the raster by hand: Java2D treats some grey colour models as linear and brightens them,
   * others not, whereas PNG/JPEG grey is gamma-encoded like sRGB and must map to R=G=B unchanged.
   */
  private static BufferedImage fromGrey(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    ColorModel model = image.getColorModel();
    boolean alpha = model.hasAlpha() && raster.getNumBands() > 1;
    int greyMax = (1 << model.getComponentSize(0)) - 1;
    int alphaMax = alpha ? (1 << model.getComponentSize(raster.getNumBands() - 1)) - 1 : 1;
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    int[] grey = new int[w];
    int[] opacity = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, grey);
      if (alpha) {
        raster.getSamples(0, y, w, 1, raster.getNumBands() - 1, opacity);
      }
      for (int x = 0; x < w; x++) {
        double v = grey[x] * 255.0 / greyMax;
        if (alpha) {
          double a = opacity[x] / (double) alphaMax;
          v = model.isAlphaPremultiplied() ? v + 255.0 * (1 - a) : v * a + 255.0 * (1 - a);
        }
        int g = (int) Math.min(255, Math.max(0, Math.round(v)));
        out[y * w + x] = g << 16 | g << 8 | g;
      }
    }
    return rgb;
  }
}
