package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.likeness.contract.image.ImageFormat;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Untrusted image bytes, of every format the decoder sniffs: each is decoded to an upright RGB
 * image or rejected with an {@link ImageRejectedException}, never with another exception, and never
 * by running out of memory while the header was within the limits.
 *
 * <p>The limits are small so that fuzzed headers reach every path quickly: subsampling, the DC-only
 * JPEG path (taken from 128 px up here) and the pixel limit. Both JPEG paths are fuzzed:
 * libjpeg-turbo where the machine has it, and ImageIO.
 */
class SafeImageDecoderFuzzTest {
  private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 1 << 20, 16);
  private static final SafeImageDecoder NATIVE = new SafeImageDecoder(LIMITS, true);
  private static final SafeImageDecoder IMAGE_IO = new SafeImageDecoder(LIMITS, false);

  @FuzzTest(maxDuration = "2m")
  void decodesOrRejects(byte[] data) {
    check(NATIVE, data);
    if (NATIVE.usesNativeJpeg() && ImageFormat.sniff(data).orElse(null) == ImageFormat.JPEG) {
      check(IMAGE_IO, data);
    }
  }

  private static void check(SafeImageDecoder decoder, byte[] data) {
    long footprint = decoder.footprint(data);
    assertThat(footprint).isNotNegative();
    DecodedImage decoded;
    try {
      decoded = decoder.decode(data);
    } catch (ImageRejectedException e) {
      assertThat(e.reason())
          .as("a header within the limits must not exhaust the heap: %s", e.getMessage())
          .isNotEqualTo(RejectReason.OUT_OF_MEMORY);
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    Optional<ImageFormat> sniffed = ImageFormat.sniff(data);
    assertThat(sniffed).contains(decoded.format());
    assertThat((long) decoded.width() * decoded.height()).isLessThanOrEqualTo(LIMITS.maxPixels());
    BufferedImage pixels = decoded.pixels();
    assertThat(pixels.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(Math.max(pixels.getWidth(), pixels.getHeight()))
        .isLessThanOrEqualTo(Math.max(decoded.width(), decoded.height()));
    // The decode budget reserves the footprint before decoding: an image it decodes must cost
    // something.
    assertThat(footprint).as("footprint of an image that decodes").isPositive();
  }
}
