package dev.likeness.core.keypoint;

import boofcv.struct.image.GrayF32;

/**
 * Where SURF's box approximations of the second derivatives of one kernel size read an integral
 * image: BoofCV's layout (lobes of a third of the size, the skinny side {@code size - size/3 - 1}
 * long). Offsets are of the entries for column 0 of a row; add the column to read them. Mutable:
 * one per scale and thread.
 */
final class HessianKernel {
  final int size;

  /** Pixels from the edges at which the whole kernel starts to fit (BoofCV's inner border). */
  final int border;

  final int small;
  private final int large;
  final float norm;
  private final int radius;
  private final int skinny;
  private final int start;
  private final int stride;

  /** The layout of a {@code size} kernel over {@code integral}. */
  HessianKernel(GrayF32 integral, int size) {
    this.size = size;
    this.radius = size / 2;
    this.border = radius + 2;
    this.small = size / 3;
    this.large = size - small - 1;
    this.skinny = large / 2;
    this.norm = 1.0f / (size * size);
    this.start = integral.startIndex;
    this.stride = integral.stride;
    this.lobeRows = small * stride;
  }

  // Entries of the integral image read for the pixel at column 0 of the row last set by at(y):
  // Dxx's boxes span rows top..bottom, Dyy's columns left..right, Dxy's four boxes rows xy1..xy4.
  int top;
  int bottom;
  int left;
  int right;
  int xy1;
  int xy2;
  int xy3;
  int xy4;

  /** Dyy's lobe height in entries. */
  final int lobeRows;

  /** Sets the offsets of integral row {@code y}; returns this kernel. */
  HessianKernel at(int y) {
    top = start + (y - skinny - 1) * stride - radius - 1;
    bottom = top + large * stride;
    left = start + (y - radius - 1) * stride - skinny - 1;
    right = left + large;
    xy1 = start + (y - small - 1) * stride - small - 1;
    xy2 = xy1 + lobeRows;
    xy3 = xy2 + stride;
    xy4 = xy3 + lobeRows;
    return this;
  }
}
