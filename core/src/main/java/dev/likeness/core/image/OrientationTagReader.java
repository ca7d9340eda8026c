package dev.likeness.core.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.likeness.contract.image.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * Finds the EXIF orientation tag in JPEG (APP1 "Exif"), PNG (eXIf), WebP (EXIF chunk) and TIFF
 * (IFD0).
 *
 * <p>Broken or missing metadata yields {@link ExifOrientation#NORMAL}: like browsers, a bad tag
 * never fails the image.
 */
final class OrientationTagReader {
  // Guards against absurd chunk lengths; real EXIF blocks are at most 64 KiB in JPEG and rarely
  // larger elsewhere.
  private static final int MAX_EXIF_BYTES = 1 << 20;

  private OrientationTagReader() {}

  /**
   * The orientation (1–8) recorded in {@code data}, or 1 when there is none or it is unreadable.
   */
  static int read(ImageFormat format, byte[] data) {
    try {
      int orientation =
          switch (format) {
            case JPEG -> fromTiffStructure(jpegExif(data), 0);
            case PNG -> fromTiffStructure(data, chunkOffset(data, 8, "eXIf", false));
            case WEBP -> fromTiffStructure(data, chunkOffset(data, 12, "EXIF", true));
            case TIFF -> fromTiffStructure(data, 0);
            case GIF, BMP -> ExifOrientation.NORMAL;
          };
      return ExifOrientation.isValid(orientation) ? orientation : ExifOrientation.NORMAL;
    } catch (IOException | RuntimeException e) {
      return ExifOrientation.NORMAL;
    }
  }

  /** The payload of the first APP1 "Exif" segment, starting at the TIFF header; empty if none. */
  private static byte[] jpegExif(byte[] data) throws IOException {
    try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
      List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      if (segments.isEmpty()) {
        return new byte[0];
      }
      try (InputStream payload = segments.get(0).data()) {
        byte[] bytes = payload.readNBytes(MAX_EXIF_BYTES);
        // "Exif\0" is consumed as the identifier; a second NUL pad byte usually precedes the TIFF
        // header.
        int start = 0;
        while (start < bytes.length && start < 2 && bytes[start] == 0) {
          start++;
        }
        return Arrays.copyOfRange(bytes, start, bytes.length);
      }
    }
  }

  /**
   * Offset of the data of the first chunk named {@code type}, or -1. PNG chunks are big-endian
   * length, type, data, CRC; RIFF (WebP) chunks are type, little-endian length, data padded to
   * even.
   */
  static int chunkOffset(byte[] data, int first, String type, boolean riff) {
    byte[] wanted = type.getBytes(StandardCharsets.US_ASCII);
    int pos = first;
    while (pos + 8 <= data.length) {
      long length = riff ? le32(data, pos + 4) : be32(data, pos);
      int typeAt = riff ? pos : pos + 4;
      int dataAt = pos + 8;
      if (length < 0 || dataAt + length > data.length) {
        return -1;
      }
      if (matches(data, typeAt, wanted)) {
        return length <= MAX_EXIF_BYTES ? dataAt : -1;
      }
      if (!riff && matches(data, typeAt, "IDAT".getBytes(StandardCharsets.US_ASCII))) {
        return -1; // PNG requires eXIf before the image data; stop rather than walk megabytes of
        // IDAT.
      }
      long next = dataAt + length + (riff ? (length & 1) : 4);
      if (next > Integer.MAX_VALUE) {
        return -1;
      }
      pos = (int) next;
    }
    return -1;
  }

  private static int fromTiffStructure(byte[] data, int offset) throws IOException {
    if (offset < 0 || data.length - offset < 8) {
      return ExifOrientation.NORMAL;
    }
    try (ImageInputStream in = new ByteArrayImageInputStream(data, offset, data.length - offset)) {
      Directory ifd = new TIFFReader().read(in);
      Entry entry = ifd.getEntryById(TIFF.TAG_ORIENTATION);
      if (entry != null && entry.getValue() instanceof Number value) {
        return value.intValue();
      }
      return ExifOrientation.NORMAL;
    }
  }

  private static boolean matches(byte[] data, int at, byte[] wanted) {
    if (at + wanted.length > data.length) {
      return false;
    }
    for (int i = 0; i < wanted.length; i++) {
      if (data[at + i] != wanted[i]) {
        return false;
      }
    }
    return true;
  }

  private static long be32(byte[] d, int at) {
    return (d[at] & 0xFFL) << 24
        | (d[at + 1] & 0xFFL) << 16
        | (d[at + 2] & 0xFFL) << 8
        | (d[at + 3] & 0xFFL);
  }

  private static long le32(byte[] d, int at) {
    return (d[at + 3] & 0xFFL) << 24
        | (d[at + 2] & 0xFFL) << 16
        | (d[at + 1] & 0xFFL) << 8
        | (d[at] & 0xFFL);
  }
}
