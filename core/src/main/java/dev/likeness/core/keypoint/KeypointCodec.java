package dev.likeness.core.keypoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The versioned binary form of {@link Keypoints}, as stored beside an image's other features.
 *
 * <p>Format 1, little-endian: {@code u8 version, u16 frameWidth, u16 frameHeight, u16 count}, then
 * per keypoint {@code u16 x·8, u16 y·8, u16 size·16, u8 angle·256/2π, 32 bytes descriptor} — 39
 * bytes per keypoint. Positions keep 1/8 px and scales 1/16 px, far finer than the verification's
 * tolerance; the angle keeps 1.4°, which only the descriptor used (and it is stored whole).
 */
public final class KeypointCodec {
  /** The format this codec writes. */
  public static final int VERSION = 1;

  /** Bytes before the first keypoint. */
  public static final int HEADER_BYTES = 7;

  /** Bytes per keypoint. */
  public static final int KEYPOINT_BYTES = 2 + 2 + 2 + 1 + 8 * Keypoints.WORDS;

  private static final float POSITION_STEPS = 8f;
  private static final float SIZE_STEPS = 16f;
  private static final double ANGLE_STEP = 2 * Math.PI / 256;

  private KeypointCodec() {}

  /** The bytes of {@code keypoints}; positions and sizes outside the format's range are clamped. */
  public static byte[] encode(Keypoints keypoints) {
    int n = keypoints.count();
    if (n > 0xFFFF || keypoints.frameWidth() > 0xFFFF || keypoints.frameHeight() > 0xFFFF) {
      throw new IllegalArgumentException("too large for format " + VERSION + ": " + keypoints);
    }
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_BYTES + KEYPOINT_BYTES * n).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) VERSION);
    out.putShort((short) keypoints.frameWidth());
    out.putShort((short) keypoints.frameHeight());
    out.putShort((short) n);
    long[] d = keypoints.descriptors();
    for (int i = 0; i < n; i++) {
      out.putShort(u16(keypoints.x()[i] * POSITION_STEPS));
      out.putShort(u16(keypoints.y()[i] * POSITION_STEPS));
      out.putShort(u16(keypoints.size()[i] * SIZE_STEPS));
      out.put((byte) angleStep(keypoints.angle()[i]));
      for (int w = 0; w < Keypoints.WORDS; w++) {
        out.putLong(d[Keypoints.WORDS * i + w]);
      }
    }
    return out.array();
  }

  /**
   * The keypoints in {@code bytes}.
   *
   * @throws IllegalArgumentException if the bytes are not format {@value #VERSION} or are cut short
   */
  public static Keypoints decode(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException("keypoint block too short: " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int version = in.get() & 0xFF;
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown keypoint format " + version);
    }
    int fw = in.getShort() & 0xFFFF;
    int fh = in.getShort() & 0xFFFF;
    int n = in.getShort() & 0xFFFF;
    if (bytes.length != HEADER_BYTES + KEYPOINT_BYTES * n) {
      throw new IllegalArgumentException(
          "keypoint block of " + bytes.length + " bytes cannot hold " + n + " keypoints");
    }
    float[] x = new float[n];
    float[] y = new float[n];
    float[] size = new float[n];
    float[] angle = new float[n];
    long[] d = new long[Keypoints.WORDS * n];
    for (int i = 0; i < n; i++) {
      x[i] = (in.getShort() & 0xFFFF) / POSITION_STEPS;
      y[i] = (in.getShort() & 0xFFFF) / POSITION_STEPS;
      size[i] = (in.getShort() & 0xFFFF) / SIZE_STEPS;
      angle[i] = (float) ((in.get() & 0xFF) * ANGLE_STEP - Math.PI);
      for (int w = 0; w < Keypoints.WORDS; w++) {
        d[Keypoints.WORDS * i + w] = in.getLong();
      }
    }
    return new Keypoints(fw, fh, x, y, size, angle, d);
  }

  private static short u16(float v) {
    return (short) Math.max(0, Math.min(0xFFFF, Math.round(v)));
  }

  private static int angleStep(float angle) {
    // Wrap first, so that π and −π (the same direction) share a step.
    return (int) Math.floorMod(Math.round((angle + Math.PI) / ANGLE_STEP), 256L);
  }
}
