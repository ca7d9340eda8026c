package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.image.ImageFormat;
import dev.likeness.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThumbnailerTest {
  private final Thumbnailer thumbnailer = new Thumbnailer();

  @ParameterizedTest
  @CsvSource({
    "1600, 1004, 256, 256, 161",
    "1004, 1600, 256, 161, 256",
    "1024, 1024, 300, 300, 300",
    "4000, 10, 100, 100, 1", // extreme aspect: never a zero-pixel side
    "513, 257, 256, 256, 128"
  })
  void fitsTheLongestSideAndKeepsTheAspect(
      int width, int height, int longestSide, int expectedW, int expectedH) {
    BufferedImage source = TestImages.scene(width, height, BufferedImage.TYPE_INT_RGB);
    byte[] jpeg = thumbnailer.jpeg(source, longestSide);

    assertThat(ImageFormat.sniff(jpeg)).contains(ImageFormat.JPEG);
    BufferedImage thumb = TestImages.read(jpeg);
    assertThat(thumb.getWidth()).isEqualTo(expectedW);
    assertThat(thumb.getHeight()).isEqualTo(expectedH);
  }

  @Test
  void looksLikeTheSource() throws Exception {
    BufferedImage source =
        new SafeImageDecoder(ImageLimits.defaults())
            .decode(TestImages.vector("bridge-mods_aaa-orig.jpg"))
            .pixels();
    BufferedImage thumb = TestImages.read(thumbnailer.jpeg(source, 200));
    // Compared with AWT's exact area averaging at the same size (comparing with the 1600-px source
    // would mostly
    // measure the metric's own grid rounding): measured 0.4 grey levels apart.
    BufferedImage areaAveraged = areaAveraged(source, thumb.getWidth(), thumb.getHeight());
    assertThat(TestImages.greyDistance(areaAveraged, thumb)).isLessThan(1.0);
    assertThat(TestImages.greyDistance(ExifOrientation.apply(areaAveraged, 3), thumb))
        .isGreaterThan(20);
  }

  @Test
  void averagesFinePatternsInsteadOfAliasing() {
    // One-pixel black/white stripes: nearest-neighbour sampling at 1/8 would give solid black or
    // white.
    BufferedImage stripes = new BufferedImage(800, 800, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 800; y++) {
      for (int x = 0; x < 800; x++) {
        stripes.setRGB(x, y, x % 2 == 0 ? 0xFFFFFF : 0x000000);
      }
    }
    BufferedImage thumb = TestImages.read(thumbnailer.jpeg(stripes, 100));
    int grey = new Color(thumb.getRGB(50, 50)).getGreen();
    assertThat(grey).isBetween(100, 155);
  }

  @Test
  void neverUpscales() {
    BufferedImage small = TestImages.scene(100, 50, BufferedImage.TYPE_INT_RGB);
    BufferedImage thumb = TestImages.read(thumbnailer.jpeg(small, 256));
    assertThat(thumb.getWidth()).isEqualTo(100);
    assertThat(thumb.getHeight()).isEqualTo(50);
  }

  @Test
  void writesBaselineNotProgressiveJpeg() {
    byte[] jpeg = thumbnailer.jpeg(TestImages.scene(640, 480, BufferedImage.TYPE_INT_RGB), 320);
    assertThat(containsMarker(jpeg, 0xC0)).as("SOF0 baseline").isTrue();
    assertThat(containsMarker(jpeg, 0xC2)).as("SOF2 progressive").isFalse();
  }

  @Test
  void flattensTransparencyOntoWhiteAndAcceptsGrey() {
    BufferedImage transparent =
        new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB); // all alpha 0
    BufferedImage thumb = TestImages.read(thumbnailer.jpeg(transparent, 32));
    assertThat(new Color(thumb.getRGB(16, 16)).getRed()).isGreaterThan(250);

    BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    assertThat(TestImages.read(thumbnailer.jpeg(grey, 32)).getWidth()).isEqualTo(32);
  }

  @Test
  void rejectsANonPositiveSize() {
    BufferedImage image = TestImages.scene(10, 10, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> thumbnailer.jpeg(image, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static BufferedImage areaAveraged(BufferedImage source, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(source.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    return out;
  }

  private static boolean containsMarker(byte[] jpeg, int marker) {
    for (int i = 0; i < jpeg.length - 1; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return true;
      }
    }
    return false;
  }

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    Random random = new Random(9);
    BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    BufferedImage half = Thumbnailer.halve(image);
    assertThat(half.getWidth()).isEqualTo(3);
    assertThat(half.getHeight()).isEqualTo(2);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        for (int shift = 0; shift <= 16; shift += 8) {
          int sum = 0;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              sum += image.getRGB(2 * x + dx, 2 * y + dy) >> shift & 0xFF;
            }
          }
          assertThat(half.getRGB(x, y) >> shift & 0xFF)
              .as("(%d,%d) >> %d", x, y, shift)
              .isEqualTo((int) Math.round(sum / 4.0));
        }
      }
    }
  }
}
