package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.likeness.contract.hash.PdqHash;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The libjpeg-turbo path of {@link SafeImageDecoder}, checked against its ImageIO path. Skipped
 * where the library is missing, unless {@code LIKENESS_REQUIRE_TURBOJPEG} is set (CI sets it), in
 * which case its absence fails.
 */
class NativeJpegDecodingTest {
  // Full size: what these tests compare is the two decoders' pixels, not the scale the node picks.
  private static final ImageLimits FULL_SIZE =
      new ImageLimits(
          ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, Integer.MAX_VALUE);
  private static final SafeImageDecoder NATIVE = new SafeImageDecoder(FULL_SIZE, true);
  private static final SafeImageDecoder IMAGEIO = new SafeImageDecoder(FULL_SIZE, false);
  private static final SafeImageDecoder NATIVE_DEFAULTS =
      new SafeImageDecoder(ImageLimits.defaults(), true);
  private static final PdqHasher HASHER = new PdqHasher();

  @BeforeAll
  static void needsTheLibrary() {
    if (System.getenv("LIKENESS_REQUIRE_TURBOJPEG") != null) {
      assertThat(NATIVE.usesNativeJpeg()).as("libturbojpeg must be installed here").isTrue();
    }
    assumeTrue(NATIVE.usesNativeJpeg(), "libturbojpeg is not installed");
  }

  static Stream<String> jpegVectors() {
    return TestImages.vectorFileNames().stream().filter(f -> f.endsWith(".jpg"));
  }

  /** At full size libjpeg-turbo's pixels hash like the JDK's. */
  @ParameterizedTest
  @MethodSource("jpegVectors")
  void decodesEveryJpegVectorLikeImageIo(String file) throws Exception {
    byte[] data = TestImages.vector(file);
    DecodedImage fast = NATIVE.decode(data);
    DecodedImage slow = IMAGEIO.decode(data);

    assertThat(fast.pixels().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(fast.width()).isEqualTo(slow.width());
    assertThat(fast.height()).isEqualTo(slow.height());
    assertThat(fast.orientation()).isEqualTo(slow.orientation());
    assertThat(fast.pixels().getWidth()).isEqualTo(slow.pixels().getWidth());
    assertThat(fast.pixels().getHeight()).isEqualTo(slow.pixels().getHeight());
    assertThat(TestImages.greyDistance(fast.pixels(), slow.pixels())).isLessThan(0.5);
    // Same islow IDCT and fancy upsampling as the JDK's libjpeg, so the PDQ hashes are nearly
    // always bit for bit
    // the same; libjpeg-turbo is not the JDK's libjpeg 6b build, though, and one vector moves one
    // bit in two forms.
    var fastHashes = HASHER.hashAllForms(fast.pixels());
    var slowHashes = HASHER.hashAllForms(slow.pixels());
    for (int form = 0; form < 8; form++) {
      assertThat(fastHashes.forms().get(form).distance(slowHashes.forms().get(form)))
          .as("form %d", form)
          .isLessThanOrEqualTo(2);
    }
    assertThat(fastHashes.quality()).isEqualTo(slowHashes.quality());
  }

  @Test
  void decodesLargeJpegsAtAPowerOfTwoDctScale() throws Exception {
    BufferedImage big = TestImages.scene(4000, 3000, BufferedImage.TYPE_INT_RGB);
    DecodedImage decoded = NATIVE_DEFAULTS.decode(TestImages.encode(big, "jpeg"));
    // 1/4 keeps 1000 px ≥ 768 and 1/8 would give 500; ImageIO's subsampling step 5 would give
    // 800×600.
    assertThat(decoded.pixels().getWidth()).isEqualTo(1000);
    assertThat(decoded.pixels().getHeight()).isEqualTo(750);
    assertThat(decoded.width()).isEqualTo(4000);
    assertThat(decoded.height()).isEqualTo(3000);
    assertThat(TestImages.greyDistance(big, decoded.pixels())).isLessThan(3);

    DecodedImage huge =
        NATIVE_DEFAULTS.decode(
            TestImages.encode(TestImages.scene(8400, 5000, BufferedImage.TYPE_INT_RGB), "jpeg"));
    assertThat(huge.pixels().getWidth()).isEqualTo(1050); // 1/8, the smallest scale there is
    assertThat(huge.pixels().getHeight()).isEqualTo(625);
  }

  /**
   * The bar for decoding fewer pixels: on the PDQ vectors, the hash of the default
   * (DCT-scaled) decode stays within a few bits of the full-size hash. Measured: 0 bits on 16 of
   * the 23 vectors decoded at 1/2, at most 4.
   */
  @Test
  void theDefaultScaleHashesWithinAFewBitsOfTheFullSize() throws Exception {
    int scaled = 0;
    List<Integer> distances = new ArrayList<>();
    for (String file : jpegVectors().toList()) {
      byte[] data = TestImages.vector(file);
      DecodedImage reduced = NATIVE_DEFAULTS.decode(data);
      PdqHash full = HASHER.hash(NATIVE.decode(data).pixels());
      if (reduced.pixels().getWidth() == reduced.width() || full.quality() < 50) {
        continue;
      }
      scaled++;
      int bits = HASHER.hash(reduced.pixels()).hash().distance(full.hash());
      assertThat(bits)
          .as("%s decoded at %d px", file, reduced.pixels().getWidth())
          .isLessThanOrEqualTo(6);
      distances.add(bits);
    }
    assertThat(scaled)
        .as("vectors the default decodes at a reduced scale")
        .isGreaterThanOrEqualTo(20);
    Collections.sort(distances);
    assertThat(distances.get(distances.size() / 2))
        .as("median of %s", distances)
        .isLessThanOrEqualTo(2);
  }

  @Test
  void decodesProgressiveJpegsLikeImageIo() throws Exception {
    BufferedImage scene = TestImages.scene(1200, 800, BufferedImage.TYPE_INT_RGB);
    byte[] progressive = progressiveJpeg(scene);
    DecodedImage fast = NATIVE.decode(progressive);
    assertThat(fast.pixels().getWidth()).isEqualTo(1200);
    assertThat(HASHER.hashAllForms(fast.pixels()))
        .isEqualTo(HASHER.hashAllForms(IMAGEIO.decode(progressive).pixels()));
  }

  @Test
  void decodesGreyJpegsToRgb() throws Exception {
    BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    grey.createGraphics()
        .drawImage(TestImages.scene(64, 48, BufferedImage.TYPE_INT_RGB), 0, 0, null);
    byte[] jpeg = TestImages.encode(grey, "jpeg");
    DecodedImage decoded = NATIVE.decode(jpeg);
    int rgb = decoded.pixels().getRGB(10, 10) & 0xFFFFFF;
    assertThat(rgb >> 16).isEqualTo(rgb & 0xFF).isEqualTo(rgb >> 8 & 0xFF);
    assertThat(TestImages.greyDistance(decoded.pixels(), IMAGEIO.decode(jpeg).pixels()))
        .isLessThan(0.5);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 6, 8})
  void appliesExifOrientationAfterScaling(int orientation) throws Exception {
    SafeImageDecoder small =
        new SafeImageDecoder(
            new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, 512),
            true);
    DecodedImage upright = small.decode(TestImages.vector("bridge-mods_aaa-orig.jpg"));
    DecodedImage turned = small.decode(TestImages.vector("bridge-exif-" + orientation + ".jpg"));
    // 1600×1004 at 1/2 = 800×502 (1/4 would be 400 < 512), upright whatever the stored orientation.
    assertThat(upright.pixels().getWidth()).isEqualTo(800);
    assertThat(turned.pixels().getWidth()).isEqualTo(800);
    assertThat(turned.pixels().getHeight()).isEqualTo(502);
    assertThat(turned.width()).isEqualTo(1600);
    assertThat(turned.orientation()).isEqualTo(orientation);
    assertThat(TestImages.greyDistance(upright.pixels(), turned.pixels())).isLessThan(3);
  }

  @Test
  void checksThePixelLimitFromTheHeader() {
    byte[] jpeg = TestImages.vector("labelme-subset_q0003.jpg").clone();
    int sof = indexOfMarker(jpeg, 0xC0);
    jpeg[sof + 5] = (byte) 0xFD; // height 65000
    jpeg[sof + 6] = (byte) 0xE8;
    jpeg[sof + 7] = (byte) 0xFD; // width 65000
    jpeg[sof + 8] = (byte) 0xE8;
    ImageRejectedException rejected =
        catchThrowableOfType(ImageRejectedException.class, () -> NATIVE.decode(jpeg));
    assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
    assertThat(rejected.getMessage()).contains("65000×65000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"bridge-mods_aaa-orig.jpg", "misc-images_small.jpg", "labelme-subset_q0746.jpg"})
  void rejectsTruncatedJpegsAsCorrupt(String file) {
    byte[] whole = TestImages.vector(file);
    ImageRejectedException rejected =
        catchThrowableOfType(
            ImageRejectedException.class,
            () -> NATIVE.decode(Arrays.copyOf(whole, whole.length / 2)));
    assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(rejected.getMessage()).startsWith("corrupt jpeg");
  }

  @Test
  void acceptsAJpegThatOnlyLacksItsEndMarker() throws Exception {
    byte[] whole = TestImages.vector("bridge-mods_aaa-orig.jpg");
    DecodedImage decoded = NATIVE.decode(Arrays.copyOf(whole, whole.length - 2));
    assertThat(TestImages.greyDistance(decoded.pixels(), NATIVE.decode(whole).pixels()))
        .isLessThan(0.5);
  }

  @Test
  void leavesCmykToImageIo() throws Exception {
    BufferedImage original =
        NATIVE.decode(TestImages.vector("misc-images_modes_original.jpg")).pixels();
    BufferedImage cmyk = NATIVE.decode(TestImages.vector("misc-images_modes_CMYK.jpg")).pixels();
    assertThat(TestImages.greyDistance(original, cmyk)).isLessThan(4);
  }

  /**
   * Random byte flips, through the native path: a decoded image or a rejection, nothing else, never
   * a crash.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "labelme-subset_q0003.jpg",
        "misc-images_wee.jpg",
        "bridge-mods_square-128x128.jpg",
        "progressive"
      })
  void survivesMutatedJpegs(String source) throws IOException {
    byte[] original =
        source.equals("progressive")
            ? progressiveJpeg(TestImages.scene(96, 64, BufferedImage.TYPE_INT_RGB))
            : TestImages.vector(source);
    Random random = new Random(source.hashCode() + 1);
    for (int i = 0; i < 200; i++) {
      byte[] mutated = original.clone();
      int flips = 1 + random.nextInt(8);
      for (int f = 0; f < flips; f++) {
        // Keep the SOI marker so the JPEG path is the one exercised.
        mutated[3 + random.nextInt(mutated.length - 3)] = (byte) random.nextInt(256);
      }
      assertThatCode(
              () -> {
                try {
                  DecodedImage decoded = NATIVE.decode(mutated);
                  assertThat(decoded.pixels().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
                } catch (ImageRejectedException expected) {
                  assertThat(expected.getMessage()).isNotBlank();
                }
              })
          .as("mutation %d of %s", i, source)
          .doesNotThrowAnyException();
    }
  }

  static byte[] progressiveJpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static int indexOfMarker(byte[] jpeg, int marker) {
    for (int i = 2; i < jpeg.length - 1; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new IllegalArgumentException("no marker " + Integer.toHexString(marker));
  }
}
