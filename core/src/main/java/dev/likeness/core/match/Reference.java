package dev.likeness.core.match;

import dev.likeness.core.hash.Hash256;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.keypoint.Keypoints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * What verification needs of an indexed image: its whole-image hash, its keypoints and a small
 * luminance picture of it (the stored thumbnail) for the photometric check.
 *
 * @param whole the whole-image (border-trimmed) PDQ hash, in its original form
 * @param quality PDQ quality of {@code whole}, 0–100
 * @param keypoints the keypoints, in the image's keypoint frame
 * @param picture luminance of the whole image at any size (the thumbnail), same aspect as the frame
 */
public record Reference(Hash256 whole, int quality, Keypoints keypoints, LumaImage picture) {

  /** A reference from the stored forms: the keypoint block and the thumbnail's JPEG bytes. */
  public static Reference decode(Hash256 whole, int quality, byte[] keypointBlock, byte[] thumbnailJpeg) {
    BufferedImage thumbnail;
    try {
      thumbnail = ImageIO.read(new ByteArrayInputStream(thumbnailJpeg));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (thumbnail == null) {
      throw new IllegalArgumentException("thumbnail is not a readable image");
    }
    return new Reference(whole, quality, KeypointCodec.decode(keypointBlock), luma(thumbnail));
  }

  /** Luminance (0.299 R + 0.587 G + 0.114 B) of {@code image}. */
  public static LumaImage luma(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    float[] luma = new float[w * h];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      luma[i] = 0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
    }
    return new LumaImage(luma, w, h);
  }
}
