package dev.likeness.core.keypoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class KeypointExtractorTest {
  private final KeypointExtractor extractor = new KeypointExtractor();

  @Test
  void keepsTheStrongestKeypointsInsideTheFrame() throws Exception {
    BufferedImage photo = seed("cloister-arches.jpg");
    Keypoints k = extractor.extract(photo);

    assertThat(Math.max(k.frameWidth(), k.frameHeight())).isEqualTo(KeypointExtractor.FRAME_SIDE);
    assertThat(k.count()).isEqualTo(KeypointExtractor.DEFAULT_MAX_KEYPOINTS);
    for (int i = 0; i < k.count(); i++) {
      assertThat(k.x()[i]).isBetween(0f, (float) k.frameWidth());
      assertThat(k.y()[i]).isBetween(0f, (float) k.frameHeight());
      assertThat(k.size()[i]).isPositive();
    }
    assertThat(extractor.extract(photo)).isEqualTo(k); // deterministic
  }

  @Test
  void aFlatImageHasNoKeypoints() {
    BufferedImage flat = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    assertThat(extractor.extract(flat).count()).isZero();
  }

  @Test
  void descriptorsSurviveAQuarterTurn() throws Exception {
    BufferedImage photo = seed("chateau-de-maintenon.jpg");
    int w = photo.getWidth();
    int h = photo.getHeight();
    BufferedImage turned = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
    var g = turned.createGraphics();
    g.drawImage(photo, new AffineTransform(0, 1, -1, 0, h, 0), null);
    g.dispose();

    Keypoints a = extractor.extract(photo);
    Keypoints b = extractor.extract(turned);
    Correspondences pairs = Correspondences.between(b, a);

    // Unrelated 256-bit descriptors differ by ~128 bits and fail the ratio test; most pairs survive.
    assertThat(pairs.count()).isGreaterThan(a.count() / 3);
    int consistent = 0;
    for (int i = 0; i < pairs.count(); i++) {
      // (x, y) in the photo's frame is (h' − 1 − y, x) in the turned frame, up to the frame scale.
      float bx = b.x()[pairs.query()[i]];
      float by = b.y()[pairs.query()[i]];
      float ax = a.x()[pairs.reference()[i]];
      float ay = a.y()[pairs.reference()[i]];
      if (Math.hypot(by - ax, (b.frameWidth() - 1 - bx) - ay) < 3) {
        consistent++;
      }
    }
    assertThat(consistent).isGreaterThan(pairs.count() * 3 / 4);
  }

  static BufferedImage seed(String name) throws Exception {
    BufferedImage img = ImageIO.read(Path.of("..", "seeds", name).toFile());
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    var g = rgb.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return rgb;
  }
}
