package dev.likeness.core.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.match.BandHashes;
import dev.likeness.core.match.MatchFeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
  private static final ImageSource SOURCE =
      new ImageSource("image/jpeg", "bridge.jpg", 1L, Map.of());

  private static byte[] seed() throws Exception {
    return Files.readAllBytes(Path.of("..", "seeds", "bridge-cables-over-estuary.jpg"));
  }

  @Test
  void anImageGetsHashesKeypointsAndAThumbnail() throws Exception {
    FeatureRecord r = new FeatureExtractor().extract(seed(), SOURCE, 2L);
    assertThat(r.extractorVersion()).isEqualTo(FeatureExtractor.VERSION);
    assertThat(r.hasThumbnail()).isTrue();
    assertThat(KeypointCodec.decode(r.localFeatures()).count()).isPositive();
    // The band hashes of the keypoint frame, as the matcher compares them.
    MatchFeatures f =
        new MatchFeatureExtractor()
            .forIndex(
                ImageIO.read(Path.of("..", "seeds", "bridge-cables-over-estuary.jpg").toFile()));
    assertThat(r.bandHashes()).hasSize(BandHashes.COUNT).isEqualTo(f.bands().bands());
    // The plain hash is PDQ of the image as it is, as any PDQ implementation computes it.
    assertThat(r.hashes()).isEqualTo(new FeatureExtractor().hashes(seed()));
  }

  @Test
  void withoutKeypointsOnlyTheHashesAreComputed() throws Exception {
    FeatureExtractor hashesOnly = new FeatureExtractor(ImageLimits.defaults(), true, false);
    FeatureRecord full = new FeatureExtractor().extract(seed(), SOURCE, 2L);
    FeatureRecord lean = hashesOnly.extract(seed(), SOURCE, 2L);

    assertThat(lean.hasLocalFeatures()).isFalse();
    assertThat(lean.bandHashes()).isEmpty();
    assertThat(lean.hashes()).isEqualTo(full.hashes());
    assertThat(lean.hasThumbnail()).isTrue();

    MatchFeatures query = hashesOnly.queryFeatures(seed());
    assertThat(query.keypoints()).isNull();
    assertThat(query.frame()).isNull();
    assertThat(query.whole()).isEqualTo(full.hashes());
  }
}
