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

    // Unrelated 256-bit descriptors differ by ~128 bits and fail the ratio test; most pairs
    // survive.
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

  @Test
  void findsWhatBoofCvsOwnFusedDetectorFinds() throws Exception {
    // Keypoints stored by earlier versions came from FactoryDetectDescribe.generic: the stages
    // built one by one must give the very same keypoints (on a fresh detector: see below).
    for (String name : new String[] {"cloister-arches.jpg", "tiger-in-snow.jpg"}) {
      var generic =
          boofcv.factory.feature.detdesc.FactoryDetectDescribe
              .<boofcv.struct.image.GrayF32, boofcv.struct.feature.TupleDesc_B>generic(
                  KeypointExtractor.config(KeypointExtractor.DEFAULT_MAX_KEYPOINTS),
                  boofcv.struct.image.GrayF32.class);
      var frame = extractor.frame(seed(name));
      Keypoints k = extractor.extract(frame);
      generic.detect(frame);
      int n = Math.min(generic.getNumberOfFeatures(), KeypointExtractor.DEFAULT_MAX_KEYPOINTS);
      assertThat(k.count()).as(name).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertThat(k.x()[i]).isEqualTo((float) generic.getLocation(i).x);
        assertThat(k.y()[i]).isEqualTo((float) generic.getLocation(i).y);
        assertThat(k.size()[i]).isEqualTo((float) generic.getRadius(i));
        assertThat(k.angle()[i]).isEqualTo((float) generic.getOrientation(i));
        int[] bits = generic.getDescription(i).data;
        for (int w = 0; w < Keypoints.WORDS; w++) {
          assertThat(k.descriptors()[Keypoints.WORDS * i + w])
              .isEqualTo((bits[2 * w] & 0xFFFFFFFFL) | ((long) bits[2 * w + 1] << 32));
        }
      }
    }
  }

  @Test
  void keypointsDependOnTheImageAloneNotOnWhatWasDescribedBefore() throws Exception {
    BufferedImage tiger = seed("tiger-in-snow.jpg");
    BufferedImage other = seed("reef-lionfish.jpg");
    Keypoints fresh = new KeypointExtractor().extract(tiger);

    // BoofCV's BRIEF keeps the samples of a border keypoint that fall outside the image from the
    // keypoint before; on this photo the first keypoint used to differ after another image.
    KeypointExtractor used = new KeypointExtractor();
    used.extract(other);
    assertThat(used.extract(tiger)).isEqualTo(fresh);
    var frame = used.frame(other);
    used.mirrored(frame, used.extract(frame));
    assertThat(used.extract(tiger)).isEqualTo(fresh);
  }

  @Test
  void mirroredKeypointsMatchThoseDetectedOnTheMirroredFrame() throws Exception {
    BufferedImage photo = seed("reef-lionfish.jpg");
    int w = photo.getWidth();
    BufferedImage flippedPhoto =
        new BufferedImage(w, photo.getHeight(), BufferedImage.TYPE_INT_RGB);
    var g = flippedPhoto.createGraphics();
    g.drawImage(photo, new AffineTransform(-1, 0, 0, 1, w, 0), null);
    g.dispose();

    var frame = extractor.frame(photo);
    Keypoints direct = extractor.extract(frame);
    Keypoints mirrored = extractor.mirrored(frame, direct);
    Keypoints detected = new KeypointExtractor().extract(flippedPhoto);

    assertThat(mirrored.count()).isGreaterThan(direct.count() * 9 / 10);
    // Descriptors are taken anew from the mirrored pixels, so they pair up with a real detection
    // on the mirrored photo at the same place; the direct ones, unmirrored, would not.
    Correspondences pairs = Correspondences.between(mirrored, detected);
    int samePlace = 0;
    for (int i = 0; i < pairs.count(); i++) {
      float dx = mirrored.x()[pairs.query()[i]] - detected.x()[pairs.reference()[i]];
      float dy = mirrored.y()[pairs.query()[i]] - detected.y()[pairs.reference()[i]];
      if (Math.hypot(dx, dy) < 1.5) {
        samePlace++;
      }
    }
    assertThat(samePlace).isGreaterThan(mirrored.count() * 3 / 4);
    assertThat(Correspondences.between(direct, detected).count()).isLessThan(samePlace / 4);
    for (int i = 0; i < mirrored.count(); i++) {
      assertThat(mirrored.x()[i]).isBetween(0f, (float) frame.width - 1);
    }
  }

  static BufferedImage seed(String name) throws Exception {
    BufferedImage img = ImageIO.read(Path.of("..", "seeds", name).toFile());
    BufferedImage rgb =
        new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    var g = rgb.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return rgb;
  }
}
