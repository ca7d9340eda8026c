package dev.likeness.contract.image;

import java.util.Locale;
import java.util.Optional;

/** The image container formats Likeness accepts, recognised by their magic bytes. */
public enum ImageFormat {
  JPEG("jpeg", "image/jpeg"),
  PNG("png", "image/png"),
  GIF("gif", "image/gif"),
  BMP("bmp", "image/bmp"),
  WEBP("webp", "image/webp"),
  TIFF("tiff", "image/tiff");

  // Sizes of the BITMAPCOREHEADER/BITMAPINFOHEADER family; "BM" alone is too common in text.
  private static final int[] BMP_DIB_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124};

  private final String shortName;
  private final String mimeType;

  ImageFormat(String shortName, String mimeType) {
    this.shortName = shortName;
    this.mimeType = mimeType;
  }

  /** The canonical MIME type, e.g. {@code image/jpeg}. */
  public String mimeType() {
    return mimeType;
  }

  /** A short lower-case name, e.g. {@code jpeg}; also the ImageIO format name. */
  public String shortName() {
    return shortName;
  }

  /** The format whose magic bytes start {@code data}, if any; file names are never trusted. */
  public static Optional<ImageFormat> sniff(byte[] data) {
    if (data == null) {
      return Optional.empty();
    }
    if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(data, 0, 'G', 'I', 'F', '8')
        && (startsWith(data, 4, '7', 'a') || startsWith(data, 4, '9', 'a'))) {
      return Optional.of(GIF);
    }
    if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    // Classic TIFF (42) and BigTIFF (43), both byte orders.
    if (startsWith(data, 0, 'I', 'I', 42, 0)
        || startsWith(data, 0, 'M', 'M', 0, 42)
        || startsWith(data, 0, 'I', 'I', 43, 0)
        || startsWith(data, 0, 'M', 'M', 0, 43)) {
      return Optional.of(TIFF);
    }
    if (startsWith(data, 0, 'B', 'M') && isBmpDibHeaderSize(data)) {
      return Optional.of(BMP);
    }
    return Optional.empty();
  }

  /** The format for a MIME type such as {@code image/jpeg; charset=binary}, case-insensitive. */
  public static Optional<ImageFormat> fromMimeType(String mimeType) {
    if (mimeType == null) {
      return Optional.empty();
    }
    int semicolon = mimeType.indexOf(';');
    String bare =
        (semicolon >= 0 ? mimeType.substring(0, semicolon) : mimeType)
            .trim()
            .toLowerCase(Locale.ROOT);
    switch (bare) {
      case "image/jpeg":
      case "image/jpg":
      case "image/pjpeg":
        return Optional.of(JPEG);
      case "image/png":
      case "image/x-png":
        return Optional.of(PNG);
      case "image/gif":
        return Optional.of(GIF);
      case "image/bmp":
      case "image/x-bmp":
      case "image/x-ms-bmp":
        return Optional.of(BMP);
      case "image/webp":
        return Optional.of(WEBP);
      case "image/tiff":
      case "image/tiff-fx":
        return Optional.of(TIFF);
      default:
        return Optional.empty();
    }
  }

  private static boolean isBmpDibHeaderSize(byte[] data) {
    if (data.length < 18) {
      return false;
    }
    int size =
        (data[14] & 0xFF)
            | (data[15] & 0xFF) << 8
            | (data[16] & 0xFF) << 16
            | (data[17] & 0xFF) << 24;
    for (int known : BMP_DIB_HEADER_SIZES) {
      if (size == known) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] data, int offset, int... magic) {
    if (data.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((data[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
