package dev.likeness.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.bench.quality.Transform.Side;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformTest {
  /** 200 × 100, every pixel's colour encodes its position. */
  private static BufferedImage positions() {
    BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 200; x++) {
        img.setRGB(x, y, (x << 8) | y);
      }
    }
    return img;
  }

  @Test
  void eachSideCutsTheRightStrip() {
    BufferedImage src = positions();

    BufferedImage left = Transform.cropSide(src, 0.10, Side.LEFT);
    BufferedImage right = Transform.cropSide(src, 0.10, Side.RIGHT);
    BufferedImage top = Transform.cropSide(src, 0.25, Side.TOP);
    BufferedImage bottom = Transform.cropSide(src, 0.25, Side.BOTTOM);

    assertThat(left.getWidth()).isEqualTo(180);
    assertThat(left.getRGB(0, 0) & 0xFFFFFF).isEqualTo(20 << 8);
    assertThat(right.getWidth()).isEqualTo(180);
    assertThat(right.getRGB(179, 0) & 0xFFFFFF).isEqualTo(179 << 8);
    assertThat(top.getHeight()).isEqualTo(75);
    assertThat(top.getRGB(0, 0) & 0xFFFFFF).isEqualTo(25);
    assertThat(bottom.getHeight()).isEqualTo(75);
    assertThat(bottom.getRGB(0, 74) & 0xFFFFFF).isEqualTo(74);
    assertThat(left.getHeight()).isEqualTo(100);
    assertThat(top.getWidth()).isEqualTo(200);
  }

  @Test
  void variantZeroKeepsTheOldGeometry() {
    BufferedImage src = positions();

    assertThat(Transform.CROP_10.side(0)).isEqualTo(Side.RIGHT);
    assertThat(Transform.CROP_25.side(0)).isEqualTo(Side.BOTTOM);
    assertThat(Transform.CROP_10.edit(src).getWidth()).isEqualTo(180);
    assertThat(Transform.CROP_25.edit(src).getHeight()).isEqualTo(75);
  }

  @Test
  void sidesVaryPerImageButAreStableForASeed() {
    Map<Side, Integer> crop10 = new EnumMap<>(Side.class);
    Map<Side, Integer> crop25 = new EnumMap<>(Side.class);
    int same = 0;
    int n = 400;
    for (int i = 0; i < n; i++) {
      long variant = Transform.variant(42, "photo-" + i + ".jpg");
      assertThat(variant).isNotZero().isEqualTo(Transform.variant(42, "photo-" + i + ".jpg"));
      Side a = Transform.CROP_10.side(variant);
      Side b = Transform.CROP_25.side(variant);
      crop10.merge(a, 1, Integer::sum);
      crop25.merge(b, 1, Integer::sum);
      same += a == b ? 1 : 0;
    }
    // Each side about a quarter of the time; the two crops of one image chosen independently.
    assertThat(crop10)
        .hasSize(4)
        .allSatisfy((side, count) -> assertThat(count).isBetween(n / 4 - 40, n / 4 + 40));
    assertThat(crop25)
        .hasSize(4)
        .allSatisfy((side, count) -> assertThat(count).isBetween(n / 4 - 40, n / 4 + 40));
    assertThat(same).isBetween(n / 4 - 40, n / 4 + 40);
    assertThat(Transform.variant(43, "photo-1.jpg"))
        .isNotEqualTo(Transform.variant(42, "photo-1.jpg"));
  }

  @Test
  void theSideReachesTheEncodedCopy() {
    BufferedImage src = positions();
    long variant = 1;
    while (Transform.CROP_25.side(variant) != Side.LEFT) {
      variant++;
    }
    byte[] jpeg = Transform.CROP_25.apply(src, variant);
    assertThat(jpeg).isNotEmpty();
    BufferedImage edited = Transform.CROP_25.edit(src, variant);
    assertThat(edited.getWidth()).isEqualTo(150);
    assertThat(edited.getHeight()).isEqualTo(100);
  }
}
