package dev.likeness.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shapes of the harder edits: what each leaves of the picture, and where. */
class HarderEditsTest {
  private static final int W = 400;
  private static final int H = 300;

  /** A mid-grey picture, so that what an edit adds stands out. */
  private static BufferedImage grey() {
    return Transform.draw(
        W,
        H,
        g -> {
          g.setColor(new Color(0x808080));
          g.fillRect(0, 0, W, H);
        });
  }

  @Test
  void aKeystoneShortensTheFarEdgeWithinItsRange() {
    for (long choice = 1; choice < 40; choice++) {
      Keystone k = Keystone.of(choice);
      assertThat(k.keystone()).isBetween(0.08, 0.12 + 1e-9);
    }
    BufferedImage out = new Keystone(0.10, Transform.Side.TOP, Color.BLACK).drawOn(grey());
    // The top row of the picture is inset by 5 % on each side; the bottom row is not.
    int marginX = (int) Math.round(W * 0.05);
    int marginY = (int) Math.round(H * 0.05);
    int topY = marginY + (int) Math.round(H * 0.10 / 3) + 2;
    int bottomY = marginY + H - 2;
    assertThat(out.getRGB(marginX + 5, topY) & 0xFFFFFF).isZero();
    assertThat(out.getRGB(marginX + 5, bottomY) & 0xFFFFFF).isEqualTo(0x808080);
    assertThat(out.getRGB(out.getWidth() / 2, topY + 2) & 0xFFFFFF).isEqualTo(0x808080);
  }

  @Test
  void aCollageHoldsTheCopyAtAFifthAmongOtherPhotographs() {
    BufferedImage red =
        Transform.draw(
            64,
            48,
            g -> {
              g.setColor(Color.RED);
              g.fillRect(0, 0, 64, 48);
            });
    BufferedImage out = Collage.of(2 | 4 << 8).drawOn(grey(), CollageTiles.of(List.of(red)));
    int copy = 0;
    int tiles = 0;
    int[] px = out.getRGB(0, 0, out.getWidth(), out.getHeight(), null, 0, out.getWidth());
    for (int p : px) {
      copy += (p & 0xFFFFFF) == 0x808080 ? 1 : 0;
      tiles += (p & 0xFFFFFF) == 0xFF0000 ? 1 : 0;
    }
    assertThat((double) copy / px.length).isCloseTo(0.20, within(0.02));
    assertThat((double) tiles / px.length).isGreaterThan(0.6);
  }

  @Test
  void memeCaptionsCoverTheTopAndBottomBandsOnly() {
    MemeCaption meme = new MemeCaption(MemeCaption.Style.BLACK_BANDS, "TOP", "BOTTOM");
    BufferedImage out = meme.drawOn(grey());
    int band = (int) Math.round(H * MemeCaption.BAND);
    assertThat(out.getRGB(1, 1) & 0xFFFFFF).isZero();
    assertThat(out.getRGB(1, H - 2) & 0xFFFFFF).isZero();
    assertThat(out.getRGB(1, band + 1) & 0xFFFFFF).isEqualTo(0x808080);
    assertThat(out.getRGB(W / 2, H / 2) & 0xFFFFFF).isEqualTo(0x808080);
  }

  @Test
  void aGrownRotationKeepsTheWholePicture() {
    BufferedImage out = Transform.rotateGrown(grey(), 45, Color.WHITE);
    double side = (W + H) * Math.sqrt(0.5);
    assertThat(out.getWidth()).isCloseTo((int) Math.ceil(side), within(1));
    assertThat(out.getHeight()).isCloseTo((int) Math.ceil(side), within(1));
    assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(out.getRGB(out.getWidth() / 2, out.getHeight() / 2) & 0xFFFFFF).isEqualTo(0x808080);
  }

  @Test
  void aCentreCropOfHalfEachSideIsAQuarter() {
    BufferedImage out = Transform.CENTRE_CROP_50.edit(grey());
    assertThat(out.getWidth()).isEqualTo(W / 2);
    assertThat(out.getHeight()).isEqualTo(H / 2);
  }

  @Test
  void theLogoAndTheTiledTextMarkThePicture() {
    LogoWatermark mark = new LogoWatermark("pixshare.example", 0.15, 1.0, 0.25, 0);
    BufferedImage out = mark.drawOn(grey());
    // The logo's disc, opaque, near the bottom right corner.
    double d = 0.15 * W;
    double pad = 0.03 * H;
    int cx = (int) Math.round(W - pad - d / 2);
    int cy = (int) Math.round(H - pad - d / 10);
    int changed = 0;
    int[] px = out.getRGB(0, 0, W, H, null, 0, W);
    for (int p : px) {
      changed += (p & 0xFFFFFF) != 0x808080 ? 1 : 0;
    }
    assertThat(out.getRGB(cx, cy) & 0xFFFFFF).isNotEqualTo(0x808080);
    // The faint text reaches over the picture: far more than the logo's own area is touched.
    assertThat(changed).isGreaterThan((int) (2 * Math.PI * d * d / 4));
  }

  @Test
  void eachEditIsTheSameForTheSameVariant() {
    BufferedImage src = grey();
    long variant = Transform.variant(42, "photo-7.jpg");
    for (Transform t :
        List.of(
            Transform.PERSPECTIVE, Transform.MEME, Transform.ROTATE_15, Transform.LOGO_WATERMARK)) {
      assertThat(t.apply(src, variant)).as(t.label()).isEqualTo(t.apply(src, variant));
    }
  }
}
