package dev.likeness.core.hash;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Luminance rows of a {@link BufferedImage}: colour images as the reference reads them ({@code
 * getRGB}, i.e. the colour model converted to 8-bit sRGB, alpha ignored) weighted by PDQ's luma
 * coefficients; grey images as their stored sample values, scaled to 0–255.
 *
 * <p>Grey deliberately differs from {@code getRGB}: java.awt treats a grey colour space as linear
 * and brightens it on the way to sRGB, which moves a greyscale copy of a picture about 14 bits away
 * from its colour original. Grey samples are gamma-encoded like sRGB, so the stored value is
 * already the luma (this is also what PDQ's Python reference does, through PIL's {@code
 * convert("RGB")}).
 *
 * <p>The common layouts (packed int RGB, interleaved 8-bit RGB, 8-bit grey or palette) are read
 * straight from the data buffer; other grey layouts through the raster's samples; anything else
 * through {@code getRGB} one row at a time.
 */
final class LumaExtractor {
  static final float R = 0.299f;
  static final float G = 0.587f;
  static final float B = 0.114f;

  private LumaExtractor() {}

  /** PDQ luminance of 8-bit sRGB components, computed in float as the reference does. */
  static float luma(int r, int g, int b) {
    return R * r + G * g + B * b;
  }

  /** Luminance rows of {@code image}; the image must not change while they are read. */
  static LumaRows rows(BufferedImage image) {
    Raster raster = image.getRaster();
    ColorModel cm = image.getColorModel();
    SampleModel sm = raster.getSampleModel();
    DataBuffer db = raster.getDataBuffer();
    if (db.getNumBanks() == 1) {
      if (db instanceof DataBufferInt ints
          && sm instanceof SinglePixelPackedSampleModel packed
          && cm instanceof DirectColorModel direct
          && isPlainSrgb(direct)
          && is8BitMask(direct.getRedMask())
          && is8BitMask(direct.getGreenMask())
          && is8BitMask(direct.getBlueMask())) {
        return new PackedInt(image, ints, packed, direct);
      }
      if (db instanceof DataBufferByte bytes && sm instanceof ComponentSampleModel component) {
        if (cm instanceof ComponentColorModel
            && isPlainSrgb(cm)
            && cm.getNumColorComponents() == 3
            && all8Bit(cm)) {
          return new InterleavedBytes(image, bytes, component);
        }
        if (sm.getNumBands() == 1
            && sm.getSampleSize(0) == 8
            && (cm instanceof IndexColorModel || isGrey(cm))) {
          return new LookupBytes(image, bytes, component, cm);
        }
      }
    }
    if (isGrey(cm) && !cm.isAlphaPremultiplied()) {
      return new GreySamples(image);
    }
    return new ViaGetRgb(image);
  }

  private static boolean isPlainSrgb(ColorModel cm) {
    return cm.getColorSpace().isCS_sRGB() && !(cm.hasAlpha() && cm.isAlphaPremultiplied());
  }

  // A grey ComponentColorModel (optionally with alpha), whatever its precision.
  private static boolean isGrey(ColorModel cm) {
    return cm instanceof ComponentColorModel
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && cm.getNumColorComponents() == 1;
  }

  private static boolean is8BitMask(int mask) {
    return mask != 0 && (mask >>> Integer.numberOfTrailingZeros(mask)) == 0xff;
  }

  private static boolean all8Bit(ColorModel cm) {
    for (int size : cm.getComponentSize()) {
      if (size != 8) {
        return false;
      }
    }
    return true;
  }

  private abstract static class Base implements LumaRows {
    final int width;
    final int height;
    final Raster raster;

    Base(BufferedImage image) {
      this.width = image.getWidth();
      this.height = image.getHeight();
      this.raster = image.getRaster();
    }

    @Override
    public int width() {
      return width;
    }

    @Override
    public int height() {
      return height;
    }
  }

  /** One int per pixel with 8-bit R, G, B fields (TYPE_INT_RGB, _ARGB, _BGR and the like). */
  private static final class PackedInt extends Base {
    private final int[] data;
    private final int scanline;
    private final int origin;
    private final int rShift;
    private final int gShift;
    private final int bShift;

    PackedInt(
        BufferedImage image,
        DataBufferInt db,
        SinglePixelPackedSampleModel sm,
        DirectColorModel cm) {
      super(image);
      this.data = db.getData();
      this.scanline = sm.getScanlineStride();
      // A sub-image's raster shares its parent's buffer, offset by the sample model translation.
      this.origin =
          db.getOffset()
              - raster.getSampleModelTranslateY() * scanline
              - raster.getSampleModelTranslateX();
      this.rShift = Integer.numberOfTrailingZeros(cm.getRedMask());
      this.gShift = Integer.numberOfTrailingZeros(cm.getGreenMask());
      this.bShift = Integer.numberOfTrailingZeros(cm.getBlueMask());
    }

    @Override
    public void read(int y, float[] out) {
      PackedLuma.row(data, origin + y * scanline, width, rShift, gShift, bShift, out);
    }
  }

  /** Interleaved 8-bit sRGB bands, optionally with alpha (TYPE_3BYTE_BGR, TYPE_4BYTE_ABGR, PNG). */
  private static final class InterleavedBytes extends Base {
    private final byte[] data;
    private final int scanline;
    private final int pixelStride;
    private final int origin;
    private final int rOffset;
    private final int gOffset;
    private final int bOffset;

    InterleavedBytes(BufferedImage image, DataBufferByte db, ComponentSampleModel sm) {
      super(image);
      this.data = db.getData();
      this.scanline = sm.getScanlineStride();
      this.pixelStride = sm.getPixelStride();
      this.origin =
          db.getOffset()
              - raster.getSampleModelTranslateY() * scanline
              - raster.getSampleModelTranslateX() * pixelStride;
      int[] bands = sm.getBandOffsets();
      this.rOffset = bands[0];
      this.gOffset = bands[1];
      this.bOffset = bands[2];
    }

    @Override
    public void read(int y, float[] out) {
      int p = origin + y * scanline;
      for (int x = 0; x < width; x++, p += pixelStride) {
        out[x] = luma(data[p + rOffset] & 0xff, data[p + gOffset] & 0xff, data[p + bOffset] & 0xff);
      }
    }
  }

  /** One 8-bit sample per pixel (grey or palette), mapped through a table of its 256 values. */
  private static final class LookupBytes extends Base {
    private final byte[] data;
    private final int scanline;
    private final int pixelStride;
    private final int origin;
    private final float[] table = new float[256];

    LookupBytes(BufferedImage image, DataBufferByte db, ComponentSampleModel sm, ColorModel cm) {
      super(image);
      this.data = db.getData();
      this.scanline = sm.getScanlineStride();
      this.pixelStride = sm.getPixelStride();
      this.origin =
          db.getOffset()
              + sm.getBandOffsets()[0]
              - raster.getSampleModelTranslateY() * scanline
              - raster.getSampleModelTranslateX() * pixelStride;
      if (cm instanceof IndexColorModel palette) {
        for (int v = 0; v < 256; v++) {
          // Indices past the palette cannot occur in a valid image; they read as black.
          int rgb = v < palette.getMapSize() ? palette.getRGB(v) : 0;
          table[v] = luma((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
        }
      } else {
        for (int v = 0; v < 256; v++) {
          table[v] = v; // grey: the sample is the luma (see the class comment)
        }
      }
    }

    @Override
    public void read(int y, float[] out) {
      int p = origin + y * scanline;
      for (int x = 0; x < width; x++, p += pixelStride) {
        out[x] = table[data[p] & 0xff];
      }
    }
  }

  /** Grey of any precision, with or without (straight) alpha: band 0 scaled to 0–255. */
  private static final class GreySamples extends Base {
    private final int[] samples;
    private final float scale;

    GreySamples(BufferedImage image) {
      super(image);
      this.samples = new int[width];
      this.scale = 255f / ((1 << raster.getSampleModel().getSampleSize(0)) - 1);
    }

    @Override
    public void read(int y, float[] out) {
      raster.getSamples(0, y, width, 1, 0, samples);
      for (int x = 0; x < width; x++) {
        out[x] = samples[x] * scale;
      }
    }
  }

  /** Anything else (16-bit, banded, packed sub-byte, non-sRGB...): the colour model decides. */
  private static final class ViaGetRgb extends Base {
    private final BufferedImage image;
    private final int[] argb;

    ViaGetRgb(BufferedImage image) {
      super(image);
      this.image = image;
      this.argb = new int[width];
    }

    @Override
    public void read(int y, float[] out) {
      image.getRGB(0, y, width, 1, argb, 0, width);
      for (int x = 0; x < width; x++) {
        int v = argb[x];
        out[x] = luma((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
      }
    }
  }
}
