package dev.likeness.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.match.ImageMatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated flat pictures through the likeness matcher, indexed through their stored forms as the
 * harness does: no two different ones match at the default threshold, and an exact copy of each is
 * found. Before flat queries were checked pixel by pixel, held-out planets and products matched an
 * indexed one at 7–22 on the keypoint and whole-image paths.
 */
class FlatPicturesMatchTest {
  private static final int THRESHOLD = ImageMatcher.DEFAULT_THRESHOLD;

  private static List<FlatPictures.Picture> pictures;
  private static InProcessIndex index;

  @BeforeAll
  static void indexHalf() throws Exception {
    pictures = FlatPictures.generate(48, 42);
    index = new InProcessIndex(InProcessIndex.Matcher.LIKENESS);
    for (FlatPictures.Picture p : pictures) {
      if (p.indexed()) {
        index.add(p.id(), Encoding.PNG.encode(p.pixels()));
      }
    }
  }

  @Test
  void noHeldOutFlatPictureMatchesAnIndexedOne() throws Exception {
    List<String> matches = new ArrayList<>();
    for (FlatPictures.Picture p : pictures) {
      if (p.indexed()) {
        continue;
      }
      for (Transform t : List.of(Transform.PNG, Transform.MIRROR, Transform.RESIZE_50)) {
        InProcessIndex.Answer a = index.query(t.apply(p.pixels()), null, 10, THRESHOLD);
        if (a.bestScore() <= THRESHOLD) {
          matches.add(p.id() + " (" + t.label() + ") ~ " + a.bestId() + " at " + a.bestScore());
        }
      }
    }
    assertThat(matches).isEmpty();
  }

  @Test
  void anExactCopyOfEachFlatPictureIsFound() throws Exception {
    List<String> missed = new ArrayList<>();
    int indexed = 0;
    for (FlatPictures.Picture p : pictures) {
      if (!p.indexed()) {
        continue;
      }
      indexed++;
      InProcessIndex.Answer a = index.query(Encoding.PNG.encode(p.pixels()), p.id(), 10, THRESHOLD);
      if (!p.id().equals(a.bestId()) || a.rightScore() > THRESHOLD) {
        missed.add(p.id() + ": top " + a.bestId() + " at " + a.bestScore());
      }
    }
    assertThat(indexed).isEqualTo(24);
    assertThat(missed).isEmpty();
  }
}
