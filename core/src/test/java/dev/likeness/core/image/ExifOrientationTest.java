package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.testing.TestImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {
  private static final int A = 0x110000;
  private static final int B = 0x220000;
  private static final int C = 0x330000;
  private static final int D = 0x004400;
  private static final int E = 0x005500;
  private static final int F = 0x000066;

  /** The upright picture every stored layout below must turn into. */
  private static final int[][] UPRIGHT = {
    {A, B, C},
    {D, E, F}
  };

  /**
   * How a camera stores UPRIGHT for each tag (row-major, written out by hand from the EXIF
   * definitions).
   */
  private static int[][] storedFor(int orientation) {
    return switch (orientation) {
      case 1 -> new int[][] {{A, B, C}, {D, E, F}};
      case 2 -> new int[][] {{C, B, A}, {F, E, D}}; // mirrored left-right
      case 3 -> new int[][] {{F, E, D}, {C, B, A}}; // rotated 180
      case 4 -> new int[][] {{D, E, F}, {A, B, C}}; // mirrored top-bottom
      case 5 -> new int[][] {{A, D}, {B, E}, {C, F}}; // transposed
      case 6 ->
          new int[][] {
            {C, F}, {B, E}, {A, D}
          }; // rotated 90 anticlockwise; viewer turns it clockwise
      case 7 -> new int[][] {{F, C}, {E, B}, {D, A}}; // transversed
      case 8 -> new int[][] {{D, A}, {E, B}, {F, C}}; // rotated 90 clockwise; viewer turns it back
      default -> throw new IllegalArgumentException();
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void turnsEveryStoredLayoutUpright(int orientation) {
    BufferedImage upright =
        ExifOrientation.apply(
            image(storedFor(orientation), BufferedImage.TYPE_INT_RGB), orientation);
    assertThat(pixels(upright)).isDeepEqualTo(UPRIGHT);
    assertThat(upright.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void worksOnOtherImageTypesToo(int orientation) {
    BufferedImage upright =
        ExifOrientation.apply(
            image(storedFor(orientation), BufferedImage.TYPE_3BYTE_BGR), orientation);
    assertThat(pixels(upright)).isDeepEqualTo(UPRIGHT);
  }

  @Test
  void worksOnASubImageView() {
    // A sub-image shares a larger raster: the transform must not read the parent's pixels by
    // mistake.
    BufferedImage parent =
        image(
            new int[][] {{0, 0, 0, 0}, {0, C, F, 0}, {0, B, E, 0}, {0, A, D, 0}},
            BufferedImage.TYPE_INT_RGB);
    BufferedImage upright = ExifOrientation.apply(parent.getSubimage(1, 1, 2, 3), 6);
    assertThat(pixels(upright)).isDeepEqualTo(UPRIGHT);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0, -1, 9, 65535})
  void leavesNormalAndUndefinedValuesAlone(int orientation) {
    BufferedImage image = image(UPRIGHT, BufferedImage.TYPE_INT_RGB);
    assertThat(ExifOrientation.apply(image, orientation)).isSameAs(image);
    assertThat(ExifOrientation.isValid(orientation)).isEqualTo(orientation == 1);
  }

  @Test
  void onlyFiveToEightSwapAxes() {
    for (int o = 0; o <= 9; o++) {
      assertThat(ExifOrientation.swapsAxes(o)).as("orientation %d", o).isEqualTo(o >= 5 && o <= 8);
    }
  }

  @Test
  void rotationsCompose() {
    BufferedImage image = TestImages.scene(7, 5, BufferedImage.TYPE_INT_RGB);
    // 90° clockwise then 90° anticlockwise is the identity; each mirror undoes itself.
    assertThat(pixels(ExifOrientation.apply(ExifOrientation.apply(image, 6), 8)))
        .isDeepEqualTo(pixels(image));
    for (int selfInverse : new int[] {2, 3, 4, 5, 7}) {
      assertThat(
              pixels(ExifOrientation.apply(ExifOrientation.apply(image, selfInverse), selfInverse)))
          .as("orientation %d twice", selfInverse)
          .isDeepEqualTo(pixels(image));
    }
  }

  static BufferedImage image(int[][] rows, int type) {
    BufferedImage image = new BufferedImage(rows[0].length, rows.length, type);
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[0].length; x++) {
        image.setRGB(x, y, rows[y][x]);
      }
    }
    return image;
  }

  static int[][] pixels(BufferedImage image) {
    int[][] rows = new int[image.getHeight()][image.getWidth()];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[0].length; x++) {
        rows[y][x] = image.getRGB(x, y) & 0xFFFFFF;
      }
    }
    return rows;
  }
}
