package dev.likeness.core.image;

import dev.likeness.contract.image.ImageFormat;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * Chooses the ImageIO reader for a sniffed format, preferring TwelveMonkeys' plugins where both
 * exist.
 */
final class ImageReaderSelector {
  private static final String TWELVEMONKEYS = "com.twelvemonkeys.";

  private ImageReaderSelector() {}

  /**
   * A new reader for {@code format}, which the caller must dispose. TwelveMonkeys is preferred
   * because its JPEG reader handles CMYK/YCCK and broken ICC profiles the JDK one rejects; the JDK
   * reader is the fallback.
   */
  static Optional<ImageReader> newReader(ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.shortName());
    ImageReader chosen = null;
    while (readers.hasNext()) {
      ImageReader candidate = readers.next();
      if (chosen == null) {
        chosen = candidate;
      } else if (!isTwelveMonkeys(chosen) && isTwelveMonkeys(candidate)) {
        chosen.dispose();
        chosen = candidate;
      } else {
        candidate.dispose();
      }
    }
    return Optional.ofNullable(chosen);
  }

  private static boolean isTwelveMonkeys(ImageReader reader) {
    return reader.getClass().getName().startsWith(TWELVEMONKEYS);
  }
}
