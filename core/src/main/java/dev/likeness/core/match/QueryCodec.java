package dev.likeness.core.match;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.hash.PdqHashes;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.keypoint.Keypoints;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a query's {@link MatchFeatures}, as one instance sends it to the others in a
 * fan-out: every instance must verify keypoint candidates against the same query.
 *
 * <p>Format 2, big-endian: {@code u8 version, u8 quality, u8 formCount, formCount × 32 bytes} for
 * the whole image, the same again for the trimmed image ({@code formCount} 0 for none), then the
 * keypoints and the mirrored keypoints, each as {@code i32 length} ({@code -1} for none) and a
 * {@link KeypointCodec} block, then the band hashes and the mirrored band hashes, each as {@code u8
 * count} (0 for none) and per band 32 bytes and {@code u8 quality}, then the frame as {@code u16
 * width, u16 height} ({@code 0, 0} for none) and one byte per pixel. Format 1 is format 2 without
 * the band hashes. The frame is carried at whole grey levels: queries are {@linkplain #quantized
 * quantized} the same way before they are searched locally, so an instance's own partitions and its
 * peers' see the same pixels.
 */
public final class QueryCodec {
  /** The format this codec writes. */
  public static final int VERSION = 2;

  private static final int VERSION_WITHOUT_BANDS = 1;

  private QueryCodec() {}

  /** The bytes of {@code query}. */
  public static byte[] encode(MatchFeatures query) {
    byte[] kp = query.keypoints() == null ? null : KeypointCodec.encode(query.keypoints());
    byte[] mirrored =
        query.mirroredKeypoints() == null ? null : KeypointCodec.encode(query.mirroredKeypoints());
    LumaImage frame = query.frame();
    int size =
        1
            + 2 * 2
            + 16 * Hash256.BYTES
            + 8
            + length(kp)
            + length(mirrored)
            + 2 * (1 + BandHashes.COUNT * (Hash256.BYTES + 1))
            + 4
            + (frame == null ? 0 : frame.width() * frame.height());
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) VERSION);
    putHashes(out, query.whole());
    putHashes(out, query.trimmed());
    putBlock(out, kp);
    putBlock(out, mirrored);
    putBands(out, query.bands());
    putBands(out, query.mirroredBands());
    if (frame == null) {
      out.putShort((short) 0).putShort((short) 0);
    } else {
      out.putShort((short) frame.width()).putShort((short) frame.height());
      for (float v : frame.luma()) {
        out.put((byte) grey(v));
      }
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  private static void putHashes(ByteBuffer out, PdqHashes hashes) {
    if (hashes == null) {
      out.put((byte) 0).put((byte) 0);
      return;
    }
    out.put((byte) hashes.quality()).put((byte) hashes.forms().size());
    for (Hash256 form : hashes.forms()) {
      out.put(form.toBytes());
    }
  }

  private static PdqHashes getHashes(ByteBuffer in, boolean optional) {
    int quality = in.get() & 0xFF;
    int count = in.get() & 0xFF;
    if (count == 0 && optional) {
      return null;
    }
    if (count != 8) {
      throw new IllegalArgumentException("a query has 8 hash forms, not " + count);
    }
    List<Hash256> forms = new ArrayList<>(count);
    byte[] hash = new byte[Hash256.BYTES];
    for (int i = 0; i < count; i++) {
      in.get(hash);
      forms.add(Hash256.fromBytes(hash, 0));
    }
    return new PdqHashes(forms, quality);
  }

  /**
   * The query in {@code bytes}.
   *
   * @throws IllegalArgumentException if the bytes are not a query of a known format
   */
  public static MatchFeatures decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int version = in.get() & 0xFF;
      if (version != VERSION && version != VERSION_WITHOUT_BANDS) {
        throw new IllegalArgumentException("unknown query format " + version);
      }
      PdqHashes whole = getHashes(in, false);
      PdqHashes trimmed = getHashes(in, true);
      Keypoints kp = getBlock(in);
      Keypoints mirrored = getBlock(in);
      BandHashes bands = version == VERSION_WITHOUT_BANDS ? null : getBands(in);
      BandHashes mirroredBands = version == VERSION_WITHOUT_BANDS ? null : getBands(in);
      int w = in.getShort() & 0xFFFF;
      int h = in.getShort() & 0xFFFF;
      LumaImage frame = null;
      if (w > 0 && h > 0) {
        if (in.remaining() != w * h) {
          throw new IllegalArgumentException(
              "frame of " + w + "x" + h + " needs " + w * h + " bytes, has " + in.remaining());
        }
        float[] luma = new float[w * h];
        for (int i = 0; i < luma.length; i++) {
          luma[i] = in.get() & 0xFF;
        }
        frame = new LumaImage(luma, w, h);
      }
      return new MatchFeatures(whole, trimmed, kp, mirrored, frame, bands, mirroredBands);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("query cut short", e);
    }
  }

  /** {@code query} exactly as {@link #decode} of its {@link #encode} gives it back. */
  public static MatchFeatures quantized(MatchFeatures query) {
    LumaImage frame = query.frame();
    LumaImage grey = null;
    if (frame != null) {
      float[] luma = new float[frame.luma().length];
      for (int i = 0; i < luma.length; i++) {
        luma[i] = grey(frame.luma()[i]);
      }
      grey = new LumaImage(luma, frame.width(), frame.height());
    }
    return new MatchFeatures(
        query.whole(),
        query.trimmed(),
        roundTrip(query.keypoints()),
        roundTrip(query.mirroredKeypoints()),
        grey,
        query.bands(),
        query.mirroredBands());
  }

  private static void putBands(ByteBuffer out, BandHashes bands) {
    List<PdqHash> list = bands == null ? List.of() : bands.bands();
    out.put((byte) list.size());
    for (PdqHash band : list) {
      out.put(band.hash().toBytes()).put((byte) band.quality());
    }
  }

  private static BandHashes getBands(ByteBuffer in) {
    int count = in.get() & 0xFF;
    if (count == 0) {
      return null;
    }
    List<PdqHash> bands = new ArrayList<>(count);
    byte[] hash = new byte[Hash256.BYTES];
    for (int i = 0; i < count; i++) {
      in.get(hash);
      bands.add(new PdqHash(Hash256.fromBytes(hash, 0), in.get() & 0xFF));
    }
    return new BandHashes(bands);
  }

  private static Keypoints roundTrip(Keypoints kp) {
    return kp == null ? null : KeypointCodec.decode(KeypointCodec.encode(kp));
  }

  private static int grey(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  private static int length(byte[] block) {
    return block == null ? 0 : block.length;
  }

  private static void putBlock(ByteBuffer out, byte[] block) {
    if (block == null) {
      out.putInt(-1);
    } else {
      out.putInt(block.length).put(block);
    }
  }

  private static Keypoints getBlock(ByteBuffer in) {
    int n = in.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("keypoint block of " + n + " bytes does not fit");
    }
    byte[] block = new byte[n];
    in.get(block);
    return KeypointCodec.decode(block);
  }
}
