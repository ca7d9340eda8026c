package dev.likeness.core.hash;

/** A source of luminance rows, read top to bottom, each exactly once. */
interface LumaRows {
  int width();

  int height();

  /** Writes the luminance of row {@code y} into {@code out[0..width)}. */
  void read(int y, float[] out);

  /** Rows of an in-memory luminance plane. */
  static LumaRows of(LumaImage image) {
    return new LumaRows() {
      @Override
      public int width() {
        return image.width();
      }

      @Override
      public int height() {
        return image.height();
      }

      @Override
      public void read(int y, float[] out) {
        System.arraycopy(image.luma(), y * image.width(), out, 0, image.width());
      }
    };
  }
}
