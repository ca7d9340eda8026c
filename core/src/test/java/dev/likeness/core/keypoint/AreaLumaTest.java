package dev.likeness.core.keypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boofcv.struct.image.GrayF32;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AreaLumaTest {
  @ParameterizedTest
  @CsvSource({
    "37,23,37,23",
    "100,60,50,30",
    "1600,1067,512,341",
    "97,211,31,67",
    "640,480,512,384",
    "5,3,1,1"
  })
  void matchesTheExactAreaAverageOfEveryCell(int w, int h, int ow, int oh) {
    int stride = w + 7;
    int origin = 3 * stride + 5; // a view into a larger buffer, as a sub-image is
    int[] px = new int[origin + h * stride];
    Random r = new Random(w * 31L + h);
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextInt(0x1000000);
    }
    GrayF32 out = new GrayF32(ow, oh);

    AreaLuma.downsample(px, origin, stride, w, h, out);

    double rx = (double) w / ow;
    double ry = (double) h / oh;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        double sum = 0;
        for (int y = (int) (oy * ry); y < Math.min(h, Math.ceil((oy + 1) * ry)); y++) {
          double wy = Math.min(y + 1, (oy + 1) * ry) - Math.max(y, oy * ry);
          for (int x = (int) (ox * rx); x < Math.min(w, Math.ceil((ox + 1) * rx)); x++) {
            double wx = Math.min(x + 1, (ox + 1) * rx) - Math.max(x, ox * rx);
            int v = px[origin + y * stride + x];
            double luma =
                0.299 * ((v >> 16) & 0xFF) + 0.587 * ((v >> 8) & 0xFF) + 0.114 * (v & 0xFF);
            sum += wx * wy * luma;
          }
        }
        assertThat((double) out.get(ox, oy))
            .as("cell %d,%d", ox, oy)
            .isCloseTo(sum / (rx * ry), Offset.offset(0.05));
      }
    }
  }

  @Test
  void aUniformImageStaysUniform() {
    int[] px = new int[1237 * 811];
    Arrays.fill(px, 0x406080);
    GrayF32 out = new GrayF32(512, 336);

    AreaLuma.downsample(px, 0, 1237, 1237, 811, out);

    float expected = 0.299f * 0x40 + 0.587f * 0x60 + 0.114f * 0x80;
    for (float v : out.data) {
      assertThat(v).isCloseTo(expected, Offset.offset(0.01f));
    }
  }

  @Test
  void refusesToEnlarge() {
    assertThatThrownBy(() -> AreaLuma.downsample(new int[100], 0, 10, 10, 10, new GrayF32(11, 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
