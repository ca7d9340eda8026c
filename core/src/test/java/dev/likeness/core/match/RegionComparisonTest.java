package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.geometry.Similarity;
import dev.likeness.core.hash.LumaImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RegionComparisonTest {
  private final RegionComparison comparison = new RegionComparison();

  @Test
  void anAlignedCropScoresLikeACopyAndAMisalignedOneLikeAnotherPicture() throws Exception {
    BufferedImage photo =
        CopyEdits.copy(ImageIO.read(Path.of("..", "seeds", "chateau-de-maintenon.jpg").toFile()));
    // The indexed picture: a 256-px thumbnail of a 512-px keypoint frame.
    int fw = 512;
    int fh = photo.getHeight() * 512 / photo.getWidth();
    LumaImage picture = Reference.luma(CopyEdits.scaled(photo, 256, fh / 2));
    // The query: the frame's right half, top three quarters, at the frame's scale.
    BufferedImage frame = CopyEdits.scaled(photo, fw, fh);
    BufferedImage crop = CopyEdits.copy(frame.getSubimage(fw / 2, 0, fw / 2, fh * 3 / 4));
    LumaImage query = Reference.luma(crop);
    Similarity truth = new Similarity(1, 0, fw / 2.0, 0, false);

    RegionComparison.Result aligned = comparison.compare(query, picture, fw, fh, truth);
    RegionComparison.Result shifted =
        comparison.compare(query, picture, fw, fh, new Similarity(1, 0, fw / 2.0 - 60, 40, false));

    assertThat(aligned.distance()).isLessThanOrEqualTo(12);
    assertThat(aligned.region().getX()).isCloseTo(0.5, Offset.offset(0.01));
    assertThat(aligned.region().getWidth()).isCloseTo(0.5, Offset.offset(0.01));
    assertThat(aligned.region().getHeight()).isCloseTo(0.75, Offset.offset(0.01));
    assertThat(shifted.distance()).isGreaterThan(60);
  }

  @Test
  void aTooSmallOverlapIsNoEvidence() {
    LumaImage picture = new LumaImage(new float[256 * 192], 256, 192);
    LumaImage query = new LumaImage(new float[100 * 100], 100, 100);
    // The query lands almost entirely off the picture.
    assertThat(comparison.compare(query, picture, 512, 384, new Similarity(1, 0, 500, 370, false)))
        .isNull();
  }
}
