package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.hash.LumaImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LowTextureCheckTest {
  private static final int W = 320;
  private static final int H = 240;

  /** A shaded disc on white: centre, radius and light direction given. */
  private static LumaImage disc(double cx, double cy, double r, double lx, double ly) {
    float[] p = new float[W * H];
    double lz = Math.sqrt(1 - lx * lx - ly * ly);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double dx = (x - cx) / r;
        double dy = (y - cy) / r;
        double d2 = dx * dx + dy * dy;
        p[y * W + x] =
            d2 >= 1
                ? 255
                : (float) (40 + 120 * Math.max(0, dx * lx + dy * ly + Math.sqrt(1 - d2) * lz));
      }
    }
    return new LumaImage(p, W, H);
  }

  private static LumaImage grain(long seed) {
    Random random = new Random(seed);
    float[] p = new float[W * H];
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextInt(256);
    }
    return new LumaImage(p, W, H);
  }

  private static LumaImage mirrored(LumaImage img) {
    float[] out = new float[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        out[y * W + x] = img.luma()[y * W + W - 1 - x];
      }
    }
    return new LumaImage(out, W, H);
  }

  @Test
  void aShadedDiscIsFlatAndGrainIsNot() {
    assertThat(LowTextureCheck.flat(LowTextureCheck.texture(disc(160, 120, 90, 0.3, -0.3))))
        .isTrue();
    assertThat(LowTextureCheck.flat(LowTextureCheck.texture(grain(1)))).isFalse();
  }

  @Test
  void aMirroredCopyIsTheSamePictureAndAnotherDiscIsNot() {
    LumaImage planet = disc(150, 120, 90, 0.3, -0.3);

    assertThat(LowTextureCheck.samePicture(mirrored(planet), planet)).isTrue();
    assertThat(LowTextureCheck.samePicture(disc(175, 115, 80, -0.4, 0.2), planet)).isFalse();
  }
}
