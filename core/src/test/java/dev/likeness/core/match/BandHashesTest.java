package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.hash.PdqHasher;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Band hashes on a seed photograph: what one band's overlay leaves, and what a changed picture does
 * not.
 */
class BandHashesTest {
  private final PdqHasher hasher = new PdqHasher();

  @Test
  void theBandsTileThePictureTopToBottom() {
    int w = 7;
    int h = 100;
    float[] luma = new float[w * h];
    for (int y = 0; y < h; y++) {
      Arrays.fill(luma, y * w, (y + 1) * w, y);
    }
    LumaImage picture = new LumaImage(luma, w, h);
    int rows = (int) Math.round(BandHashes.HEIGHT * h);
    long[] firstRows = {0, Math.round((h - rows) / 2.0), h - rows};
    for (int i = 0; i < BandHashes.COUNT; i++) {
      LumaImage band = BandHashes.band(picture, i);
      assertThat(band.height()).isEqualTo(rows);
      assertThat(band.width()).isEqualTo(w);
      assertThat(band.luma()[0])
          .as("first row of band %d", i)
          .isEqualTo(firstRows[i], Offset.offset(0.5f));
    }
    assertThat(BandHashes.band(picture, BandHashes.COUNT - 1).luma()[rows * w - 1])
        .isEqualTo(h - 1);
  }

  @Test
  void aStripAcrossOneBandLeavesTheOtherTwo() throws Exception {
    LumaImage picture = luma(seed("old-street-at-night.jpg"));
    BandHashes original = BandHashes.of(picture, hasher);
    // A strip over the middle twelfth of the picture: the middle band alone sees it.
    LumaImage captioned = painted(picture, 0.46, 0.54);
    BandHashes query = BandHashes.of(captioned, hasher);
    int middle = query.bands().get(1).hash().distance(original.bands().get(1).hash());
    assertThat(middle).as("the middle band changed").isGreaterThan(40);
    BandHashes.Comparison c = query.compare(original);
    assertThat(c.distance()).as("the two other bands match").isLessThanOrEqualTo(4);
    int whole = hasher.hash(captioned).hash().distance(hasher.hash(picture).hash());
    assertThat(whole).as("the whole-image hash moved more").isGreaterThan(c.distance() + 20);
  }

  @Test
  void aCaptionAtTheTopOrTheBottomLeavesTheOtherTwo() throws Exception {
    LumaImage picture = luma(seed("old-street-at-night.jpg"));
    BandHashes original = BandHashes.of(picture, hasher);
    // Meme-style captions: a fifth of the height along the top edge, or along the bottom one.
    for (double[] strip : new double[][] {{0.02, 0.22}, {0.78, 0.98}}) {
      LumaImage captioned = painted(picture, strip[0], strip[1]);
      BandHashes.Comparison c = BandHashes.of(captioned, hasher).compare(original);
      int whole = hasher.hash(captioned).hash().distance(hasher.hash(picture).hash());
      assertThat(c.distance()).as("strip %s", Arrays.toString(strip)).isLessThanOrEqualTo(4);
      assertThat(whole).isGreaterThan(c.distance() + 20);
    }
  }

  @Test
  void changesAcrossTwoBandsDoNotMatch() throws Exception {
    LumaImage picture = luma(seed("old-street-at-night.jpg"));
    // A strip at the top and one at the bottom: only the middle band is left as it was.
    LumaImage twice = painted(painted(picture, 0.05, 0.2), 0.8, 0.95);
    BandHashes.Comparison c = BandHashes.of(twice, hasher).compare(BandHashes.of(picture, hasher));
    assertThat(c.distance()).isGreaterThan(40);
  }

  @Test
  void anotherPhotographIsFar() throws Exception {
    BandHashes a = BandHashes.of(luma(seed("old-street-at-night.jpg")), hasher);
    BandHashes b = BandHashes.of(luma(seed("tiger-in-snow.jpg")), hasher);
    assertThat(a.compare(b).distance()).isGreaterThan(80);
  }

  @Test
  void theMirroredBandsAreTheBandsOfTheMirror() throws Exception {
    LumaImage picture = luma(seed("chateau-de-maintenon.jpg"));
    BandHashes[] both = BandHashes.plainAndMirrored(picture, hasher);
    assertThat(both[0]).isEqualTo(BandHashes.of(picture, hasher));
    assertThat(both[1]).isEqualTo(BandHashes.of(mirrored(picture), hasher));
    assertThat(both[0].compare(both[1]).distance()).as("plain against mirror").isGreaterThan(40);
  }

  @Test
  void theQualityIsTheLowerOfTheBandsCompared() throws Exception {
    LumaImage picture = luma(seed("old-street-at-night.jpg"));
    BandHashes a = BandHashes.of(picture, hasher);
    int lowest = a.bands().stream().mapToInt(b -> b.quality()).min().orElseThrow();
    int highest = a.bands().stream().mapToInt(b -> b.quality()).max().orElseThrow();
    int q = a.compare(a).quality();
    assertThat(q).isBetween(lowest, highest);
    assertThat(a.compare(a).distance()).isZero();
  }

  @Test
  void aPictureTooLowHasNoBands() {
    LumaImage flat =
        new LumaImage(new float[64 * (BandHashes.MIN_HEIGHT - 1)], 64, BandHashes.MIN_HEIGHT - 1);
    assertThat(BandHashes.of(flat, hasher)).isNull();
    assertThat(BandHashes.plainAndMirrored(flat, hasher)).isNull();
    assertThatThrownBy(() -> new BandHashes(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static LumaImage painted(LumaImage picture, double from, double to) {
    float[] luma = picture.luma().clone();
    int w = picture.width();
    for (int y = (int) (from * picture.height()); y < (int) (to * picture.height()); y++) {
      for (int x = w / 20; x < w - w / 20; x++) {
        luma[y * w + x] = (x / 6 + y / 9) % 2 == 0 ? 255 : 0; // letter-like black and white
      }
    }
    return new LumaImage(luma, w, picture.height());
  }

  private static LumaImage mirrored(LumaImage picture) {
    int w = picture.width();
    float[] luma = new float[picture.luma().length];
    for (int y = 0; y < picture.height(); y++) {
      for (int x = 0; x < w; x++) {
        luma[y * w + x] = picture.luma()[y * w + w - 1 - x];
      }
    }
    return new LumaImage(luma, w, picture.height());
  }

  private static LumaImage luma(BufferedImage img) {
    return Reference.luma(img);
  }

  private static BufferedImage seed(String name) throws Exception {
    return ImageIO.read(Path.of("..", "seeds", name).toFile());
  }
}
