package dev.likeness.core.image;

import dev.likeness.contract.image.ImageFormat;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An upright decoded image.
 *
 * @param pixels upright pixels of type {@link BufferedImage#TYPE_INT_RGB}, possibly subsampled
 * @param width the original upright width, before subsampling
 * @param height the original upright height, before subsampling
 * @param format the container format the bytes were in
 * @param orientation the EXIF orientation (1–8) that was applied, 1 when there was none
 */
public record DecodedImage(
    BufferedImage pixels, int width, int height, ImageFormat format, int orientation) {
  /** Checks the invariants. */
  public DecodedImage {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(format, "format");
    if (pixels.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException(
          "pixels must be TYPE_INT_RGB, got type " + pixels.getType());
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
    }
  }
}
