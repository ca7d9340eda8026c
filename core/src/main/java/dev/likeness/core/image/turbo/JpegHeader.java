package dev.likeness.core.image.turbo;

/**
 * What a JPEG's header says, read without decoding any pixel.
 *
 * @param width stored width in pixels
 * @param height stored height in pixels
 * @param colorspace TurboJPEG's colour space code ({@code TJCS_*}: 0 RGB, 1 YCbCr, 2 grey, 3 CMYK,
 *     4 YCCK)
 */
public record JpegHeader(int width, int height, int colorspace) {
  /** Whether the pixels are four-channel ink values, which TurboJPEG cannot turn into RGB. */
  public boolean isCmyk() {
    return colorspace == TurboJpegLibrary.TJCS_CMYK || colorspace == TurboJpegLibrary.TJCS_YCCK;
  }
}
