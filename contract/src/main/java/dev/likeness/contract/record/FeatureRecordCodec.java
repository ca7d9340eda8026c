package dev.likeness.contract.record;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.hash.PdqHashes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned binary form of a {@link FeatureRecord}.
 *
 * <p>Layout of format 1: version byte, the plain hash (32 bytes) and quality (1 byte) at fixed
 * offsets so an index can be rebuilt without decoding whole records, then the seven other dihedral
 * hashes, then the rest. Format 2 appends the local features and the border-trimmed hash; format 3
 * then the band hashes (a count, then each hash and its quality). Older records still decode,
 * without what their format lacks.
 */
public final class FeatureRecordCodec {
  /** Current binary format version. */
  public static final byte FORMAT_VERSION = 3;

  private static final byte FORMAT_WITHOUT_LOCAL_FEATURES = 1;
  private static final byte FORMAT_WITHOUT_BANDS = 2;

  private static final int HASH_OFFSET = 1;
  private static final int QUALITY_OFFSET = HASH_OFFSET + Hash256.BYTES;
  private static final int HEADER_SIZE = QUALITY_OFFSET + 1 + 7 * Hash256.BYTES;

  private FeatureRecordCodec() {}

  /** Encodes a record. */
  public static byte[] encode(FeatureRecord r) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(
            HEADER_SIZE + 128 + r.thumbnail().length + r.localFeatures().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.write(r.hashes().original().toBytes());
      out.writeByte(r.hashes().quality());
      for (Dihedral d : Dihedral.values()) {
        if (d != Dihedral.ORIGINAL) {
          out.write(r.hashes().form(d).toBytes());
        }
      }
      out.writeInt(r.extractorVersion());
      out.writeInt(r.width());
      out.writeInt(r.height());
      out.writeLong(r.uploadedAt());
      out.writeLong(r.indexedAt());
      writeString(out, r.format());
      writeString(out, r.contentType());
      writeString(out, r.source());
      out.writeInt(r.metadata().size());
      for (Map.Entry<String, String> e : r.metadata().entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
      out.writeInt(r.thumbnail().length);
      out.write(r.thumbnail());
      out.writeInt(r.localFeatures().length);
      out.write(r.localFeatures());
      out.writeBoolean(r.trimmedHash() != null);
      if (r.trimmedHash() != null) {
        out.write(r.trimmedHash().hash().toBytes());
        out.writeByte(r.trimmedHash().quality());
      }
      out.writeByte(r.bandHashes().size());
      for (PdqHash band : r.bandHashes()) {
        out.write(band.hash().toBytes());
        out.writeByte(band.quality());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with an in-memory stream
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a record.
   *
   * @throws IllegalArgumentException if the bytes are not a feature record of a known version
   */
  public static FeatureRecord decode(byte[] data) {
    return decode(data, true);
  }

  /**
   * Decodes a record as {@link FeatureRecord#withoutPayload()} gives it: what describes the image,
   * without copying its thumbnail, keypoints and band hashes.
   *
   * @throws IllegalArgumentException if the bytes are not a feature record of a known version
   */
  public static FeatureRecord decodeWithoutPayload(byte[] data) {
    return decode(data, false);
  }

  private static FeatureRecord decode(byte[] data, boolean payload) {
    checkVersion(data);
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      in.position(HASH_OFFSET);
      Hash256 original = readHash(in);
      int quality = in.get() & 0xFF;
      List<Hash256> forms = new ArrayList<>(8);
      forms.add(original);
      for (int i = 1; i < 8; i++) {
        forms.add(readHash(in));
      }
      int extractorVersion = in.getInt();
      int width = in.getInt();
      int height = in.getInt();
      long uploadedAt = in.getLong();
      long indexedAt = in.getLong();
      String format = readString(in);
      String contentType = readString(in);
      String source = readString(in);
      int metaCount = in.getInt();
      if (metaCount < 0 || metaCount > in.remaining()) {
        throw new IllegalArgumentException("corrupt feature record: metadata count " + metaCount);
      }
      Map<String, String> meta = new LinkedHashMap<>();
      for (int i = 0; i < metaCount; i++) {
        meta.put(readString(in), readString(in));
      }
      byte[] thumb = payload ? readBytes(in) : skipBytes(in);
      byte[] local = new byte[0];
      PdqHash trimmed = null;
      if (data[0] != FORMAT_WITHOUT_LOCAL_FEATURES) {
        local = payload ? readBytes(in) : skipBytes(in);
        if (in.get() != 0) {
          trimmed = new PdqHash(readHash(in), in.get() & 0xFF);
        }
      }
      List<PdqHash> bands = new ArrayList<>();
      if (payload && data[0] == FORMAT_VERSION) {
        int count = in.get() & 0xFF;
        for (int i = 0; i < count; i++) {
          bands.add(new PdqHash(readHash(in), in.get() & 0xFF));
        }
      }
      return new FeatureRecord(
          extractorVersion,
          new PdqHashes(forms, quality),
          width,
          height,
          format,
          contentType,
          source,
          uploadedAt,
          indexedAt,
          meta,
          thumb,
          local,
          trimmed,
          bands);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("corrupt feature record: truncated", e);
    }
  }

  /** Reads only the plain hash of an encoded record. */
  public static Hash256 primaryHash(byte[] data) {
    checkVersion(data);
    return Hash256.fromBytes(data, HASH_OFFSET);
  }

  /** Reads only the quality of an encoded record. */
  public static int quality(byte[] data) {
    checkVersion(data);
    return data[QUALITY_OFFSET] & 0xFF;
  }

  private static void checkVersion(byte[] data) {
    if (data == null || data.length < HEADER_SIZE) {
      throw new IllegalArgumentException("not a feature record: too short");
    }
    if (data[0] != FORMAT_VERSION
        && data[0] != FORMAT_WITHOUT_BANDS
        && data[0] != FORMAT_WITHOUT_LOCAL_FEATURES) {
      throw new IllegalArgumentException("unknown feature record format version " + data[0]);
    }
  }

  private static Hash256 readHash(ByteBuffer in) {
    byte[] b = new byte[Hash256.BYTES];
    in.get(b);
    return Hash256.fromBytes(b, 0);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] skipBytes(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("corrupt feature record: length " + n);
    }
    in.position(in.position() + n);
    return new byte[0];
  }

  private static byte[] readBytes(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("corrupt feature record: length " + n);
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }
}
