package dev.likeness.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PixelResidualTest {
  private static BufferedImage seed() throws Exception {
    return ImageIO.read(Path.of("../seeds/airport-apron-in-snow.jpg").toFile());
  }

  @Test
  void aPictureAgainstItselfHasNoResidual() throws Exception {
    BufferedImage photo = seed();
    assertThat(PixelResidual.quantile(PixelResidual.blocks(photo, photo), 1.0)).isZero();
  }

  @Test
  void aReEncodeDiffersLittleEverywhereAndAPastedPatchALotSomewhere() throws Exception {
    BufferedImage photo = seed();
    BufferedImage reEncoded =
        ImageIO.read(new ByteArrayInputStream(Transform.JPEG_Q20.apply(photo)));
    BufferedImage patched =
        new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = patched.createGraphics();
    g.drawImage(photo, 0, 0, null);
    g.setColor(
        Color.MAGENTA); // a new object in a quarter of the frame's width, as a later moment has
    g.fillRect(
        photo.getWidth() / 8, photo.getHeight() / 8, photo.getWidth() / 4, photo.getHeight() / 4);
    g.dispose();

    float[] copy = PixelResidual.blocks(photo, reEncoded);
    float[] moment = PixelResidual.blocks(photo, patched);

    assertThat(PixelResidual.quantile(copy, 0.98)).isLessThan(0.3f);
    assertThat(PixelResidual.quantile(moment, 0.98)).isGreaterThan(1.0f);
    // Outside the patch the two still agree: the change is local.
    assertThat(PixelResidual.quantile(moment, 0.5)).isLessThan(0.3f);
  }

  @Test
  void brightnessAndContrastCancel() throws Exception {
    BufferedImage photo = seed();
    BufferedImage brighter =
        ImageIO.read(new ByteArrayInputStream(Transform.BRIGHTNESS_30.apply(photo)));
    assertThat(PixelResidual.quantile(PixelResidual.blocks(photo, brighter), 0.5))
        .isLessThan(0.25f);
  }
}
