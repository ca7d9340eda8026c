package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.hash.LumaImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReferenceTest {

  @Test
  void lumaOfADecodedThumbnailIsTheWeightedSumOfItsColours() throws Exception {
    BufferedImage photo = ImageIO.read(Path.of("..", "seeds", "reef-lionfish.jpg").toFile());
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(CopyEdits.scaled(CopyEdits.copy(photo), 256, 171), "jpg", jpeg);
    BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(jpeg.toByteArray()));
    assertThat(thumbnail.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR); // the raster fast path

    assertLumaOf(thumbnail);
    // A view into it (offset raster) and an int-packed copy take the general path: same values.
    assertLumaOf(thumbnail.getSubimage(10, 5, 200, 150));
    assertLumaOf(CopyEdits.copy(thumbnail));
  }

  private static void assertLumaOf(BufferedImage image) {
    LumaImage luma = Reference.luma(image);
    assertThat(luma.width()).isEqualTo(image.getWidth());
    assertThat(luma.height()).isEqualTo(image.getHeight());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        float expected =
            0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
        assertThat(luma.luma()[y * image.getWidth() + x]).isEqualTo(expected);
      }
    }
  }
}
