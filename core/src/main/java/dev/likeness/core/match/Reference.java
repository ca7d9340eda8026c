package dev.likeness.core.match;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.keypoint.Keypoints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * What verification needs of an indexed image: its whole-image hash, its keypoints and a small
 * luminance picture of it (the stored thumbnail) for the photometric check.
 *
 * <p>The picture is read only when asked for: most candidates fail the geometric check first, and
 * decoding their thumbnails was most of a search's time. Thread-safe.
 */
public final class Reference {
  private final Hash256 whole;
  private final int quality;
  private final Keypoints keypoints;
  private final BandHashes bands;
  private Supplier<LumaImage> source;
  private LumaImage picture;

  /**
   * A reference with its picture at hand.
   *
   * @param whole the whole-image PDQ hash, in its original form
   * @param quality PDQ quality of {@code whole}, 0–100
   * @param keypoints the keypoints, in the image's keypoint frame
   * @param bands the band hashes of the keypoint frame, or null
   * @param picture luminance of the whole image at any size (the thumbnail), same aspect as the
   *     frame
   */
  public Reference(
      Hash256 whole, int quality, Keypoints keypoints, BandHashes bands, LumaImage picture) {
    this.whole = whole;
    this.quality = quality;
    this.keypoints = keypoints;
    this.bands = bands;
    this.picture = picture;
  }

  private Reference(
      Hash256 whole,
      int quality,
      Keypoints keypoints,
      BandHashes bands,
      Supplier<LumaImage> source) {
    this.whole = whole;
    this.quality = quality;
    this.keypoints = keypoints;
    this.bands = bands;
    this.source = source;
  }

  /**
   * A reference from the stored forms: the keypoint block (decoded now) and the thumbnail's JPEG
   * bytes (decoded when the picture is first asked for).
   *
   * @throws IllegalArgumentException if the keypoint block is not readable
   */
  public static Reference decode(
      Hash256 whole, int quality, byte[] keypointBlock, BandHashes bands, byte[] thumbnailJpeg) {
    return new Reference(
        whole, quality, KeypointCodec.decode(keypointBlock), bands, () -> readLuma(thumbnailJpeg));
  }

  /** The whole-image PDQ hash, in its original form. */
  public Hash256 whole() {
    return whole;
  }

  /** PDQ quality of {@link #whole()}, 0–100. */
  public int quality() {
    return quality;
  }

  /** The band hashes of the keypoint frame, or null (records made before bands were stored). */
  public BandHashes bands() {
    return bands;
  }

  /** The keypoints, in the image's keypoint frame. */
  public Keypoints keypoints() {
    return keypoints;
  }

  /**
   * Luminance of the whole image (the thumbnail), or null if the stored thumbnail is unreadable.
   */
  public synchronized LumaImage picture() {
    if (picture == null && source != null) {
      picture = source.get();
      source = null;
    }
    return picture;
  }

  private static LumaImage readLuma(byte[] jpeg) {
    try {
      BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(jpeg));
      return thumbnail == null ? null : luma(thumbnail);
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable thumbnail only costs this candidate its photometric check
    }
  }

  /** Luminance (0.299 R + 0.587 G + 0.114 B) of {@code image}. */
  public static LumaImage luma(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte bytes
        && image.getRaster().getSampleModel() instanceof PixelInterleavedSampleModel sm
        && sm.getPixelStride() == 3
        && sm.getScanlineStride() == 3 * w
        && bytes.getOffset() == 0
        && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0) {
      // What ImageIO decodes a colour JPEG thumbnail to: read its bytes, not pixel by pixel
      // through the colour model (that was a fifth of a search's time). Same values as getRGB.
      byte[] bgr = bytes.getData();
      float[] luma = new float[w * h];
      for (int i = 0, o = 0; i < luma.length; i++, o += 3) {
        luma[i] =
            0.299f * (bgr[o + 2] & 0xFF) + 0.587f * (bgr[o + 1] & 0xFF) + 0.114f * (bgr[o] & 0xFF);
      }
      return new LumaImage(luma, w, h);
    }
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    float[] luma = new float[w * h];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      luma[i] = 0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
    }
    return new LumaImage(luma, w, h);
  }
}
