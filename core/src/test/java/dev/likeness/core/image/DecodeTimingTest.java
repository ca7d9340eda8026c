package dev.likeness.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Decode timings, on demand: {@code -Dlikeness.timing=true}. Prints, asserts nothing. */
@EnabledIfSystemProperty(named = "likeness.timing", matches = "true")
class DecodeTimingTest {

  @Test
  void printDecodeTimings() throws Exception {
    BufferedImage bridge = new SafeImageDecoder(ImageLimits.defaults())
        .decode(TestImages.vector("bridge-mods_aaa-orig.jpg")).pixels();
    SafeImageDecoder subsampling = new SafeImageDecoder(ImageLimits.defaults());
    SafeImageDecoder fullSize = new SafeImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES,
        ImageLimits.DEFAULT_MAX_PIXELS, 100_000));
    Thumbnailer thumbnailer = new Thumbnailer();
    for (int[] size : new int[][] {{1224, 816}, {4240, 2832}}) {
      byte[] jpeg = TestImages.encode(scaled(bridge, size[0], size[1]), "jpeg");
      BufferedImage pixels = subsampling.decode(jpeg).pixels();
      time(String.format(Locale.ROOT, "%dx%d JPEG (%.1f MP, %d KiB) -> %dx%d", size[0], size[1],
          size[0] * size[1] / 1e6, jpeg.length / 1024, pixels.getWidth(), pixels.getHeight()),
          () -> subsampling.decode(jpeg));
      time("   full size", () -> fullSize.decode(jpeg));
    }
    BufferedImage decoded = scaled(bridge, 1024, 643);
    time("thumbnail 1024 -> 256", () -> thumbnailer.jpeg(decoded, 256));
    byte[] webp = TestImages.vector("misc-images_modes_F.webp");
    time("1600x1004 WebP (lossy)", () -> subsampling.decode(webp));
  }

  private interface Work {
    Object run() throws Exception;
  }

  private static void time(String label, Work work) throws Exception {
    for (int i = 0; i < 5; i++) {
      work.run();
    }
    double[] millis = new double[15];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      work.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    System.out.printf(Locale.ROOT, "%-45s median %7.1f ms  min %7.1f ms%n", label, millis[millis.length / 2],
        millis[0]);
  }

  private static BufferedImage scaled(BufferedImage source, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, width, height, null);
    g.dispose();
    return out;
  }
}
