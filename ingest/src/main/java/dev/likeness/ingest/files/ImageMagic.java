package dev.likeness.ingest.files;

import java.util.Optional;

/**
 * Recognises image formats by their leading bytes, so junk is refused on the uploader's machine
 * instead of travelling to Kafka and ending up in the dead-letter topic.
 *
 * <p>The rules mirror the core's format sniffing (JPEG, PNG, GIF, BMP, WebP, TIFF); the two are
 * meant to be reconciled into one.
 */
public final class ImageMagic {
  /** Bytes needed to recognise every supported format. */
  public static final int PREFIX_LENGTH = 12;

  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] GIF87A = {'G', 'I', 'F', '8', '7', 'a'};
  private static final byte[] GIF89A = {'G', 'I', 'F', '8', '9', 'a'};
  private static final byte[] BMP = {'B', 'M'};
  private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
  private static final byte[] WEBP = {'W', 'E', 'B', 'P'};
  private static final byte[] TIFF_LE = {'I', 'I', '*', 0};
  private static final byte[] TIFF_BE = {'M', 'M', 0, '*'};

  private ImageMagic() {}

  /** The MIME type of the image the bytes start with, or empty if they are not a known image. */
  public static Optional<String> contentType(byte[] head) {
    if (head == null) {
      return Optional.empty();
    }
    if (startsWith(head, 0, JPEG)) {
      return Optional.of("image/jpeg");
    }
    if (startsWith(head, 0, PNG)) {
      return Optional.of("image/png");
    }
    if (startsWith(head, 0, GIF87A) || startsWith(head, 0, GIF89A)) {
      return Optional.of("image/gif");
    }
    if (startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP)) {
      return Optional.of("image/webp");
    }
    if (startsWith(head, 0, TIFF_LE) || startsWith(head, 0, TIFF_BE)) {
      return Optional.of("image/tiff");
    }
    // Two bytes is a weak signature; checked last so it cannot shadow a stronger one.
    if (startsWith(head, 0, BMP)) {
      return Optional.of("image/bmp");
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, byte[] magic) {
    if (data.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (data[offset + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
