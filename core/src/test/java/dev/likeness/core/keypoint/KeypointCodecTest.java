package dev.likeness.core.keypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class KeypointCodecTest {
  @Test
  void roundTripsWithinTheFormatsSteps() {
    Keypoints k = random(150, 7);
    byte[] bytes = KeypointCodec.encode(k);
    Keypoints back = KeypointCodec.decode(bytes);

    assertThat(bytes).hasSize(KeypointCodec.HEADER_BYTES + 150 * KeypointCodec.KEYPOINT_BYTES);
    assertThat(back.frameWidth()).isEqualTo(512);
    assertThat(back.frameHeight()).isEqualTo(384);
    assertThat(back.descriptors()).isEqualTo(k.descriptors());
    for (int i = 0; i < k.count(); i++) {
      assertThat(back.x()[i]).isCloseTo(k.x()[i], Offset.offset(1 / 16f));
      assertThat(back.y()[i]).isCloseTo(k.y()[i], Offset.offset(1 / 16f));
      assertThat(back.size()[i]).isCloseTo(k.size()[i], Offset.offset(1 / 32f));
      double da = Math.abs(Math.IEEEremainder(back.angle()[i] - k.angle()[i], 2 * Math.PI));
      assertThat(da).isLessThanOrEqualTo(Math.PI / 256 + 1e-6);
    }
    // Decoded values are exactly representable, so a second round trip is byte-identical.
    assertThat(KeypointCodec.encode(back)).isEqualTo(bytes);
  }

  @Test
  void goldenBytesOfOneKeypoint() {
    long[] d = {0x0123456789ABCDEFL, -1L, 0L, 0x8000000000000001L};
    Keypoints k =
        new Keypoints(
            512,
            340,
            new float[] {10.5f},
            new float[] {2.25f},
            new float[] {3f},
            new float[] {(float) -Math.PI},
            d);
    byte[] b = KeypointCodec.encode(k);

    assertThat(Arrays.copyOf(b, 14))
        .containsExactly(
            1, // version
            0x00, 0x02, 0x54, 0x01, 1, 0, // 512, 340, one keypoint (little-endian)
            0x54, 0x00, 0x12, 0x00, 0x30, 0x00, // x·8 = 84, y·8 = 18, size·16 = 48
            0); // angle −π → step 0
    assertThat(b[14]).isEqualTo((byte) 0xEF); // first descriptor byte, little-endian
  }

  @Test
  void emptySetsRoundTrip() {
    Keypoints none = Keypoints.empty(64, 48);
    assertThat(KeypointCodec.decode(KeypointCodec.encode(none))).isEqualTo(none);
  }

  @Test
  void rejectsOtherVersionsAndTruncatedBlocks() {
    byte[] bytes = KeypointCodec.encode(random(3, 1));
    byte[] wrongVersion = bytes.clone();
    wrongVersion[0] = 2;
    assertThatThrownBy(() -> KeypointCodec.decode(wrongVersion)).hasMessageContaining("format 2");
    assertThatThrownBy(() -> KeypointCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .hasMessageContaining("cannot hold 3");
    assertThatThrownBy(() -> KeypointCodec.decode(new byte[3])).hasMessageContaining("too short");
  }

  static Keypoints random(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    float[] y = new float[n];
    float[] s = new float[n];
    float[] a = new float[n];
    long[] d = new long[Keypoints.WORDS * n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextFloat() * 511;
      y[i] = r.nextFloat() * 383;
      s[i] = 2 + r.nextFloat() * 60;
      a[i] = (float) ((r.nextDouble() * 2 - 1) * Math.PI);
    }
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextLong();
    }
    return new Keypoints(512, 384, x, y, s, a, d);
  }
}
