package dev.likeness.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.match.ImageMatcher;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed photographs photographed as prints at an angle (keystone 8–12 %, as the harness draws it for
 * seed 42) are found well inside the harness's 1 % operating point. Taken for a second photograph
 * of the scene, they scored the region distance plus the viewpoint penalty (32): 50–70.
 */
class PerspectiveMatchTest {
  private static final Path SEEDS = Path.of("..", "seeds");
  private static final long SEED = 42;

  /** Below the viewpoint penalty: no copy that still took it could score this. */
  private static final int FOUND = 24;

  private static final List<String> PHOTOS =
      List.of(
          "autumn-leaves-bokeh.jpg",
          "chateau-de-maintenon.jpg",
          "dandelion-seed-heads.jpg",
          "fir-sprout.jpg",
          "reef-crocodile-fish-in-seagrass.jpg",
          "roebling-bridge-cincinnati-night.jpg",
          "tiger-in-snow.jpg",
          "valendas-mountain-valley.jpg",
          "wooden-jetty-by-water.jpg");

  @Test
  void printsPhotographedAtAnAngleAreFound() throws Exception {
    InProcessIndex index = new InProcessIndex(InProcessIndex.Matcher.LIKENESS);
    SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.defaults());
    List<BufferedImage> originals = new ArrayList<>();
    for (String id : PHOTOS) {
      byte[] bytes = Files.readAllBytes(SEEDS.resolve(id));
      index.add(id, bytes);
      BufferedImage decoded = decoder.decode(bytes).pixels();
      originals.add(
          Transform.draw(
              decoded.getWidth(), decoded.getHeight(), g -> g.drawImage(decoded, 0, 0, null)));
    }
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < PHOTOS.size(); i++) {
      String id = PHOTOS.get(i);
      byte[] copy = Transform.PERSPECTIVE.apply(originals.get(i), Transform.variant(SEED, id));
      InProcessIndex.Answer a = index.query(copy, id, 10, ImageMatcher.DEFAULT_THRESHOLD);
      if (a.rightScore() > FOUND || !id.equals(a.bestId())) {
        missed.add(id + ": " + a.rightScore() + " (top " + a.bestId() + ")");
      }
    }
    assertThat(missed).isEmpty();
  }
}
