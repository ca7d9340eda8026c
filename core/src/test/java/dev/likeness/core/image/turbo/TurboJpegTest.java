package dev.likeness.core.image.turbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TurboJPEG binding on its own: header, scaling choice, pixels, and failures as exceptions. */
class TurboJpegTest {
  private static TurboJpeg turbo;

  @BeforeAll
  static void load() {
    if (System.getenv("LIKENESS_REQUIRE_TURBOJPEG") != null) {
      assertThat(TurboJpeg.shared()).as("libturbojpeg must be installed here").isPresent();
    }
    assumeTrue(TurboJpeg.shared().isPresent(), "libturbojpeg is not installed");
    turbo = TurboJpeg.shared().orElseThrow();
  }

  @Test
  void offersThePowerOfTwoScales() {
    assertThat(turbo.scalingFactors())
        .contains(
            new ScalingFactor(1, 1),
            new ScalingFactor(1, 2),
            new ScalingFactor(1, 4),
            new ScalingFactor(1, 8));
    assertThat(turbo.scalingFactors().get(0)).isEqualTo(new ScalingFactor(1, 1));
  }

  @Test
  void picksTheSmallestPowerOfTwoScaleThatKeepsTheLongestSide() {
    assertThat(turbo.factorFor(1280, 852, 1024)).isEqualTo(new ScalingFactor(1, 1));
    assertThat(turbo.factorFor(2048, 1536, 1024)).isEqualTo(new ScalingFactor(1, 2));
    assertThat(turbo.factorFor(2047, 1536, 1024))
        .isEqualTo(new ScalingFactor(1, 2)); // 1024, rounded up
    assertThat(turbo.factorFor(2046, 1536, 1024))
        .isEqualTo(new ScalingFactor(1, 1)); // 1/2 would give 1023
    assertThat(turbo.factorFor(3000, 4240, 1024)).isEqualTo(new ScalingFactor(1, 4)); // 1060
    assertThat(turbo.factorFor(9000, 6000, 1024)).isEqualTo(new ScalingFactor(1, 8)); // 1125
    assertThat(turbo.factorFor(300, 200, 1024)).isEqualTo(new ScalingFactor(1, 1));
    assertThat(new ScalingFactor(1, 8).scale(1001)).isEqualTo(126); // rounds up, as libjpeg does
  }

  @Test
  void readsTheHeaderAndDecodesScaledRgb() throws Exception {
    BufferedImage quadrants = quadrants(320, 240);
    try (TurboJpeg.Decoding decoding = turbo.open(jpeg(quadrants))) {
      JpegHeader header = decoding.header();
      assertThat(header.width()).isEqualTo(320);
      assertThat(header.height()).isEqualTo(240);
      assertThat(header.isCmyk()).isFalse();
      BufferedImage half = decoding.decode(header, new ScalingFactor(1, 2));
      assertThat(half.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
      assertThat(half.getWidth()).isEqualTo(160);
      assertThat(half.getHeight()).isEqualTo(120);
      // Quadrant centres keep their colours (JPEG is lossy: a few levels either way), padding byte
      // cleared.
      assertClose(half.getRaster().getDataBuffer().getElem(30 * 160 + 40), 0xFF0000);
      assertClose(half.getRaster().getDataBuffer().getElem(30 * 160 + 120), 0x00FF00);
      assertClose(half.getRaster().getDataBuffer().getElem(90 * 160 + 40), 0x0000FF);
      assertClose(half.getRaster().getDataBuffer().getElem(90 * 160 + 120), 0xFFFFFF);
    }
  }

  @Test
  void reportsGarbageAsAnException() throws Exception {
    byte[] garbage = new byte[3000];
    new Random(3).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    try (TurboJpeg.Decoding decoding = turbo.open(garbage)) {
      TurboJpegException e = catchThrowableOfType(TurboJpegException.class, decoding::header);
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.isWarning()).isFalse();
    }
  }

  /**
   * Random byte flips straight into the binding: pixels of the header's size, or a
   * TurboJpegException.
   */
  @Test
  void mutatedFilesGiveImagesOrExceptionsOnly() throws Exception {
    byte[] original = jpeg(quadrants(120, 80));
    Random random = new Random(5);
    int failures = 0;
    for (int i = 0; i < 300; i++) {
      byte[] mutated = original.clone();
      for (int f = 1 + random.nextInt(8); f > 0; f--) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      try (TurboJpeg.Decoding decoding = turbo.open(mutated)) {
        JpegHeader header = decoding.header();
        if (header.width() * (long) header.height() > 50_000_000L) {
          continue; // a flipped size byte; the decoder's pixel limit is SafeImageDecoder's job
        }
        BufferedImage image =
            decoding.decode(header, turbo.factorFor(header.width(), header.height(), 64));
        assertThat(image.getWidth()).isPositive();
      } catch (TurboJpegException expected) {
        failures++;
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(failures).as("some mutations must break the file").isPositive();
  }

  private static void assertClose(int actual, int expected) {
    assertThat(actual >>> 24).as("padding byte").isZero();
    for (int shift = 0; shift <= 16; shift += 8) {
      assertThat(actual >> shift & 0xFF).isCloseTo(expected >> shift & 0xFF, Offset.offset(12));
    }
  }

  private static BufferedImage quadrants(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.WHITE};
    for (int q = 0; q < 4; q++) {
      g.setColor(colours[q]);
      g.fillRect(q % 2 * w / 2, q / 2 * h / 2, w / 2, h / 2);
    }
    g.dispose();
    return image;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }
}
