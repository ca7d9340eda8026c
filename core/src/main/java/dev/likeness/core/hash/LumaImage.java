package dev.likeness.core.hash;

/**
 * A luminance plane: {@code width * height} values in row-major order, on the 0–255 scale of {@code
 * 0.299 R + 0.587 G + 0.114 B}. The array is not copied; {@link PdqHasher} only reads it.
 */
public record LumaImage(float[] luma, int width, int height) {
  public LumaImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("empty image: " + width + "x" + height);
    }
    if (luma.length != (long) width * height) {
      throw new IllegalArgumentException(
          "luma has " + luma.length + " values, expected " + width + "x" + height);
    }
  }
}
