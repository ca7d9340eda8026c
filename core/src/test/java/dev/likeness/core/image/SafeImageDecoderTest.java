package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.likeness.contract.image.ImageFormat;
import dev.likeness.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeImageDecoderTest {
  // The ImageIO path, forced whatever the machine has; NativeJpegDecodingTest covers libjpeg-turbo.
  // Full size unless a test is about the scale: the formats' tests compare pixels.
  private static final SafeImageDecoder DECODER =
      new SafeImageDecoder(
          new ImageLimits(
              ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, Integer.MAX_VALUE),
          false);
  private static final SafeImageDecoder DEFAULTS =
      new SafeImageDecoder(ImageLimits.defaults(), false);
  private static final String ORIGINAL = "bridge-mods_aaa-orig.jpg";

  static Stream<String> vectorFiles() {
    return TestImages.vectorFileNames().stream();
  }

  @Test
  void theFlagForcesImageIo() {
    assertThat(DECODER.usesNativeJpeg()).isFalse();
  }

  @Test
  void theManifestListsEveryVectorImage() {
    assertThat(TestImages.vectorFileNames())
        .hasSize(49)
        .contains(
            "misc-images_modes_CMYK.jpg",
            "misc-images_modes_LA.png",
            "misc-images_modes_1.png",
            "misc-images_modes_P.png",
            "misc-images_modes_PA.webp");
  }

  @ParameterizedTest
  @MethodSource("vectorFiles")
  void decodesEveryVectorToIntRgbWithItsOriginalUprightSize(String file) throws Exception {
    byte[] data = TestImages.vector(file);
    DecodedImage decoded = DECODER.decode(data);

    int[] stored = headerSize(data);
    boolean swapped = ExifOrientation.swapsAxes(decoded.orientation());
    assertThat(decoded.pixels().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(decoded.width()).isEqualTo(swapped ? stored[1] : stored[0]);
    assertThat(decoded.height()).isEqualTo(swapped ? stored[0] : stored[1]);
    assertThat(decoded.format()).isEqualTo(ImageFormat.sniff(data).orElseThrow());
    // Decoded at full size, upright.
    assertThat(decoded.pixels().getWidth()).isEqualTo(decoded.width());
    assertThat(decoded.pixels().getHeight()).isEqualTo(decoded.height());
    assertThat(decoded.orientation())
        .isEqualTo(
            file.startsWith("bridge-exif-")
                ? Integer.parseInt(file.substring("bridge-exif-".length(), file.indexOf('.')))
                : 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "misc-images_modes_1.png", "misc-images_modes_CMYK.jpg", "misc-images_modes_F.webp",
        "misc-images_modes_HSV.webp", "misc-images_modes_I.webp", "misc-images_modes_L.png",
        "misc-images_modes_LA.png", "misc-images_modes_LAB.webp", "misc-images_modes_P.png",
        "misc-images_modes_PA.webp", "misc-images_modes_RGB.jpg", "misc-images_modes_RGBA.png",
        "misc-images_modes_YCbCr.jpg"
      })
  void everyColourModeLooksLikeTheOriginal(String file) throws Exception {
    BufferedImage original =
        DECODER.decode(TestImages.vector("misc-images_modes_original.jpg")).pixels();
    BufferedImage variant = DECODER.decode(TestImages.vector(file)).pixels();
    // Measured 0.0–2.5 (WebP is lossy); reading grey as linear (plain Java2D getRGB on L.png) gives
    // 58.
    assertThat(TestImages.greyDistance(original, variant)).isLessThan(4);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 6, 8})
  void honoursExifOrientation(int orientation) throws Exception {
    DecodedImage upright = DECODER.decode(TestImages.vector(ORIGINAL));
    byte[] data = TestImages.vector("bridge-exif-" + orientation + ".jpg");
    DecodedImage decoded = DECODER.decode(data);

    assertThat(decoded.orientation()).isEqualTo(orientation);
    assertThat(decoded.width()).isEqualTo(upright.width());
    assertThat(decoded.height()).isEqualTo(upright.height());
    assertThat(decoded.pixels().getWidth()).isEqualTo(upright.pixels().getWidth());
    double close = TestImages.greyDistance(upright.pixels(), decoded.pixels());
    double ignoringTag = TestImages.greyDistance(upright.pixels(), TestImages.read(data));
    assertThat(close).isLessThan(3);
    assertThat(ignoringTag).isGreaterThan(20).isGreaterThan(8 * close);
  }

  @Test
  void subsamplesLargeImagesButReportsTheirOriginalSize() throws Exception {
    BufferedImage big = TestImages.scene(3000, 2000, BufferedImage.TYPE_INT_RGB);
    for (String format : new String[] {"jpeg", "png"}) {
      DecodedImage decoded = DEFAULTS.decode(TestImages.encode(big, format));
      assertThat(decoded.width()).isEqualTo(3000);
      assertThat(decoded.height()).isEqualTo(2000);
      int longest = Math.max(decoded.pixels().getWidth(), decoded.pixels().getHeight());
      assertThat(longest).isGreaterThanOrEqualTo(ImageLimits.DEFAULT_DECODE_LONGEST_SIDE);
      assertThat(decoded.pixels().getWidth())
          .isEqualTo(1000); // step 3: 3000/4 = 750 would undershoot 768
      assertThat(decoded.pixels().getHeight()).isEqualTo(667);
      assertThat(TestImages.greyDistance(big, decoded.pixels())).isLessThan(3);
    }
  }

  /**
   * libjpeg holds 128 bytes per block of a progressive JPEG whatever the scale; from the DC alone
   * it needs 2.
   */
  @Test
  void decodesALargeProgressiveJpegFromItsDcCoefficients() throws Exception {
    BufferedImage scene = TestImages.scene(800, 600, BufferedImage.TYPE_INT_RGB);
    byte[] progressive = JpegDcDecoderTest.jpeg(scene, true, 0);
    JpegFrame frame = JpegFrame.read(progressive).orElseThrow();
    ImageLimits limits =
        new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, 64);
    for (boolean nativeJpeg : new boolean[] {false, true}) {
      SafeImageDecoder decoder = new SafeImageDecoder(limits, nativeJpeg);
      DecodedImage decoded = decoder.decode(progressive);
      assertThat(decoded.width()).isEqualTo(800);
      assertThat(decoded.height()).isEqualTo(600);
      // 1/8 scale: 100 px ≥ the 64 asked for (ImageIO would have read every 12th pixel: 67×50).
      assertThat(decoded.pixels().getWidth()).isEqualTo(100);
      assertThat(decoded.pixels().getHeight()).isEqualTo(75);
      assertThat(TestImages.greyDistance(scene, decoded.pixels())).isLessThan(3);
      // What the decode holds: the DC coefficients and the pixels, not libjpeg's 128 bytes per
      // block.
      assertThat(decoder.footprint(progressive)).isLessThan(frame.coefficientBytes() / 10);
    }
    // Where 1/8 scale is too small, libjpeg decodes it, and the footprint counts all its
    // coefficients.
    SafeImageDecoder larger =
        new SafeImageDecoder(
            new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, 512),
            false);
    assertThat(larger.decode(progressive).pixels().getWidth()).isEqualTo(800);
    assertThat(larger.footprint(progressive)).isGreaterThan(frame.coefficientBytes());
  }

  @Test
  void footprintIsZeroForWhatIsRefusedBeforeDecoding() {
    assertThat(DEFAULTS.footprint(new byte[0])).isZero();
    assertThat(DEFAULTS.footprint("not an image".getBytes(StandardCharsets.US_ASCII))).isZero();
    assertThat(DEFAULTS.footprint(TestImages.pngClaiming(20_000, 20_000))).isZero();
    assertThat(DEFAULTS.footprint(TestImages.vector(ORIGINAL))).isPositive();
  }

  @Test
  void subsamplesBeforeRotating() throws Exception {
    SafeImageDecoder small =
        new SafeImageDecoder(
            new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, 512),
            false);
    DecodedImage upright = small.decode(TestImages.vector(ORIGINAL));
    DecodedImage rotated = small.decode(TestImages.vector("bridge-exif-6.jpg"));
    // 1600 px / step 3 = 534 px ≥ 512; the stored 1004×1600 image turns into 534×335 upright.
    assertThat(upright.pixels().getWidth()).isEqualTo(534);
    assertThat(upright.pixels().getHeight()).isEqualTo(335);
    assertThat(rotated.pixels().getWidth()).isEqualTo(534);
    assertThat(rotated.pixels().getHeight()).isEqualTo(335);
    assertThat(rotated.width()).isEqualTo(1600);
    assertThat(rotated.height()).isEqualTo(1004);
    assertThat(TestImages.greyDistance(upright.pixels(), rotated.pixels())).isLessThan(3);
  }

  @Test
  void readsOrientationFromPngExifChunk() throws Exception {
    BufferedImage scene = TestImages.scene(60, 40, BufferedImage.TYPE_INT_RGB);
    BufferedImage storedSideways = ExifOrientation.apply(scene, 8); // what orientation 6 must undo
    byte[] png = TestImages.pngWithOrientation(TestImages.encode(storedSideways, "png"), 6);

    DecodedImage decoded = DECODER.decode(png);

    assertThat(decoded.orientation()).isEqualTo(6);
    assertThat(decoded.width()).isEqualTo(60);
    assertThat(decoded.height()).isEqualTo(40);
    assertThat(ExifOrientationTest.pixels(decoded.pixels()))
        .isDeepEqualTo(ExifOrientationTest.pixels(scene));
  }

  @Test
  void readsOrientationFromWebpExifChunk() throws Exception {
    byte[] plain = TestImages.vector("misc-images_modes_F.webp");
    byte[] exif = TestImages.tiffOrientation(8);
    byte[] chunk =
        TestImages.concat(
            "EXIF".getBytes(StandardCharsets.US_ASCII),
            ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(exif.length).array(),
            exif);
    byte[] tagged = TestImages.concat(plain, chunk);
    ByteBuffer.wrap(tagged, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(tagged.length - 8);

    DecodedImage decoded = DECODER.decode(tagged);

    assertThat(decoded.orientation()).isEqualTo(8);
    assertThat(decoded.width()).isEqualTo(1004);
    assertThat(decoded.height()).isEqualTo(1600);
    BufferedImage untagged = DECODER.decode(plain).pixels();
    assertThat(TestImages.greyDistance(ExifOrientation.apply(untagged, 8), decoded.pixels()))
        .isLessThan(0.5);
  }

  @Test
  void readsOrientationFromTiffTag() throws Exception {
    BufferedImage scene = TestImages.scene(60, 40, BufferedImage.TYPE_INT_RGB);
    BufferedImage storedUpsideDown = ExifOrientation.apply(scene, 3);
    byte[] tiff = TiffWithOrientation.write(storedUpsideDown, 3);

    DecodedImage decoded = DECODER.decode(tiff);

    assertThat(decoded.orientation()).isEqualTo(3);
    assertThat(ExifOrientationTest.pixels(decoded.pixels()))
        .isDeepEqualTo(ExifOrientationTest.pixels(scene));
  }

  @Test
  void ignoresAnUndefinedOrientationValue() throws Exception {
    byte[] png =
        TestImages.pngWithOrientation(
            TestImages.encode(TestImages.scene(30, 20, BufferedImage.TYPE_INT_RGB), "png"), 9);
    DecodedImage decoded = DECODER.decode(png);
    assertThat(decoded.orientation()).isEqualTo(1);
    assertThat(decoded.width()).isEqualTo(30);
  }

  @Test
  void rejectsAPixelBombFromTheHeaderWithoutDecoding() {
    ImageRejectedException rejected = reject(TestImages.pngClaiming(100_000, 100_000));
    // Allocating 10^10 pixels would fail with OutOfMemoryError, taken for a short heap instead.
    assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
    assertThat(rejected.getMessage())
        .isEqualTo("image is 100000×100000 = 10000 MP, over the 100 MP limit");
    assertThat(reject(TestImages.pngClaiming(40_000, 40_000)).getMessage())
        .isEqualTo("image is 40000×40000 = 1600 MP, over the 100 MP limit");
  }

  @Test
  void rejectsAJpegPixelBomb() {
    byte[] jpeg = TestImages.vector("labelme-subset_q0003.jpg").clone();
    int sof = indexOfMarker(jpeg, 0xC0);
    // SOF0: FF C0, length(2), precision(1), height(2), width(2)
    jpeg[sof + 5] = (byte) 0xFD;
    jpeg[sof + 6] = (byte) 0xE8;
    jpeg[sof + 7] = (byte) 0xFD;
    jpeg[sof + 8] = (byte) 0xE8;
    ImageRejectedException rejected = reject(jpeg);
    assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
    assertThat(rejected.getMessage()).contains("65000×65000");
  }

  @Test
  void pixelLimitIsInclusive() throws Exception {
    SafeImageDecoder hundred = new SafeImageDecoder(new ImageLimits(1 << 20, 100, 1024));
    BufferedImage tenByTen = TestImages.scene(10, 10, BufferedImage.TYPE_INT_RGB);
    assertThat(hundred.decode(TestImages.encode(tenByTen, "png")).width()).isEqualTo(10);
    byte[] elevenByTen =
        TestImages.encode(TestImages.scene(11, 10, BufferedImage.TYPE_INT_RGB), "png");
    assertThat(
            catchThrowableOfType(ImageRejectedException.class, () -> hundred.decode(elevenByTen))
                .reason())
        .isEqualTo(RejectReason.TOO_MANY_PIXELS);
  }

  /**
   * Decision: truncated scan data is CORRUPT, not a half-grey image that would be indexed as if
   * whole.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        ORIGINAL,
        "misc-images_small.jpg",
        "pen-and-coaster.png",
        "misc-images_modes_F.webp"
      })
  void rejectsTruncatedImagesAsCorrupt(String file) {
    byte[] whole = TestImages.vector(file);
    ImageRejectedException rejected = reject(Arrays.copyOf(whole, whole.length / 2));
    assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(rejected.getMessage()).startsWith("corrupt ");
  }

  @Test
  void acceptsAJpegThatOnlyLacksItsEndMarker() throws Exception {
    byte[] whole = TestImages.vector(ORIGINAL);
    assertThat(whole[whole.length - 2] & 0xFF).isEqualTo(0xFF);
    assertThat(whole[whole.length - 1] & 0xFF).isEqualTo(0xD9);
    DecodedImage decoded = DECODER.decode(Arrays.copyOf(whole, whole.length - 2));
    assertThat(TestImages.greyDistance(decoded.pixels(), DECODER.decode(whole).pixels()))
        .isLessThan(0.5);
  }

  @Test
  void rejectsEmpty() {
    assertThat(reject(new byte[0]).reason()).isEqualTo(RejectReason.EMPTY);
    assertThat(reject(null).reason()).isEqualTo(RejectReason.EMPTY);
  }

  @Test
  void rejectsTooManyBytesBeforeLookingAtThem() throws Exception {
    byte[] png = TestImages.encode(TestImages.scene(50, 50, BufferedImage.TYPE_INT_RGB), "png");
    SafeImageDecoder exact = new SafeImageDecoder(new ImageLimits(png.length, 1_000_000, 1024));
    assertThat(exact.decode(png).width()).isEqualTo(50);
    SafeImageDecoder tight = new SafeImageDecoder(new ImageLimits(png.length - 1, 1_000_000, 1024));
    ImageRejectedException rejected =
        catchThrowableOfType(ImageRejectedException.class, () -> tight.decode(png));
    assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(rejected.getMessage()).contains(png.length + " bytes");
    byte[] seventeenMiB = new byte[17 << 20];
    assertThat(reject(seventeenMiB).getMessage())
        .isEqualTo("image is 17 MiB (17825792 bytes), over the 16 MiB limit");
  }

  @Test
  void rejectsUnknownBytesAsUnsupported() {
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    noise[0] = 0x00;
    assertThat(reject(noise).reason()).isEqualTo(RejectReason.UNSUPPORTED_FORMAT);
    assertThat(reject("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes()).reason())
        .isEqualTo(RejectReason.UNSUPPORTED_FORMAT);
  }

  static Stream<byte[]> validMagicThenGarbage() {
    Random random = new Random(11);
    byte[] bmpHeader = new byte[18];
    bmpHeader[0] = 'B';
    bmpHeader[1] = 'M';
    bmpHeader[14] = 40;
    List<byte[]> magics =
        List.of(
            new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
            "GIF89a".getBytes(),
            "RIFF\u0010\u0000\u0000\u0000WEBP".getBytes(),
            new byte[] {'I', 'I', 42, 0},
            new byte[] {'M', 'M', 0, 42},
            bmpHeader);
    return magics.stream()
        .map(
            magic -> {
              byte[] garbage = new byte[2000];
              random.nextBytes(garbage);
              return TestImages.concat(magic, garbage);
            });
  }

  @ParameterizedTest
  @MethodSource("validMagicThenGarbage")
  void rejectsValidMagicFollowedByGarbageAsCorrupt(byte[] data) {
    ImageRejectedException rejected = reject(data);
    assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(rejected.getMessage())
        .startsWith("corrupt " + ImageFormat.sniff(data).orElseThrow().shortName());
    assertThat(rejected.getStackTrace()).isEmpty();
    assertThat(rejected.getCause()).isNull();
  }

  /**
   * Random byte flips in real files: the decoder either decodes or rejects, and throws nothing
   * else.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "labelme-subset_q0003.jpg",
        "misc-images_wee.jpg",
        "bridge-mods_square-128x128.jpg",
        "gif",
        "bmp",
        "tiff",
        "png"
      })
  void survivesMutatedFiles(String source) {
    byte[] original =
        source.contains(".")
            ? TestImages.vector(source)
            : TestImages.encode(TestImages.scene(48, 32, BufferedImage.TYPE_INT_RGB), source);
    Random random = new Random(source.hashCode());
    for (int i = 0; i < 150; i++) {
      byte[] mutated = original.clone();
      int flips = 1 + random.nextInt(8);
      for (int f = 0; f < flips; f++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      assertThatCode(
              () -> {
                try {
                  DecodedImage decoded = DECODER.decode(mutated);
                  assertThat(decoded.pixels().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
                } catch (ImageRejectedException expected) {
                  assertThat(expected.getMessage()).isNotBlank();
                }
              })
          .as("mutation %d of %s", i, source)
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gif", "bmp", "tiff"})
  void decodesGifBmpAndTiffWrittenByImageIo(String format) throws Exception {
    BufferedImage quadrants = quadrants(40, 30);
    DecodedImage decoded = DECODER.decode(TestImages.encode(quadrants, format));
    assertThat(decoded.format().shortName()).isEqualTo(format);
    assertThat(decoded.width()).isEqualTo(40);
    assertThat(decoded.height()).isEqualTo(30);
    assertThat(decoded.orientation()).isEqualTo(1);
    // Lossless formats (GIF has only four colours here): every pixel survives exactly.
    assertThat(ExifOrientationTest.pixels(decoded.pixels()))
        .isDeepEqualTo(ExifOrientationTest.pixels(quadrants));
  }

  /**
   * A GIF whose first image's LZW data does not fill its frame would decode to a blank (or
   * half-blank) canvas.
   */
  @Test
  void rejectsAGifWithoutPixelDataAsCorrupt() {
    // No data sub-block at all; a clear code and the end code: no pixel either way.
    for (byte[] lzw : new byte[][] {{2, 0}, {2, 1, 0x05, 0}}) {
      byte[] gif = gifClaiming(9999, 9999, lzw);
      ImageRejectedException rejected =
          catchThrowableOfType(ImageRejectedException.class, () -> DEFAULTS.decode(gif));
      assertThat(rejected).as("%d-byte GIF", gif.length).isNotNull();
      assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
      assertThat(rejected.getMessage())
          .isEqualTo("corrupt gif image: no pixel data for its 9999×9999 frame");
    }
    // The 35-byte file of the report: a clear code, one pixel, the end code.
    byte[] onePixel = gifClaiming(9999, 9999, new byte[] {2, 2, 0x4C, 0x01, 0});
    assertThat(onePixel).hasSize(35);
    ImageRejectedException rejected =
        catchThrowableOfType(ImageRejectedException.class, () -> DEFAULTS.decode(onePixel));
    assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(rejected.getMessage()).contains("truncated: pixels for 1 of its 9999×9999 frame");
  }

  /**
   * Found by fuzzing: 153 bytes of lossless WebP declaring Huffman codes the data does not hold,
   * which the codec read as endless zero bits for minutes.
   */
  @Test
  void rejectsAWebpThatDeclaresMoreCodesThanItHoldsAtOnce() {
    byte[] webp =
        TestImages.resource(
            "/dev/likeness/core/image/SafeImageDecoderFuzzTestInputs/decodesOrRejects/"
                + "timeout-bb0e85fe25f054325343ab52eb5d969ac8963a6b");
    ImageRejectedException rejected =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> catchThrowableOfType(ImageRejectedException.class, () -> DEFAULTS.decode(webp)));
    assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(rejected.getMessage()).contains("data ends early");
  }

  @Test
  void rejectsAGifWhoseDataStopsBeforeItsFrameIsFull() throws Exception {
    BufferedImage noisy = TestImages.scene(200, 150, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(3);
    for (int i = 0; i < 4000; i++) {
      noisy.setRGB(random.nextInt(200), random.nextInt(150), random.nextInt());
    }
    byte[] whole = TestImages.encode(noisy, "gif");
    assertThat(DECODER.decode(whole).width()).isEqualTo(200);
    byte[] cut = firstDataSubBlockOnly(whole);
    assertThat(cut.length).isLessThan(whole.length / 2);
    ImageRejectedException rejected = reject(cut);
    assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(rejected.getMessage()).startsWith("corrupt gif image: data is truncated");
  }

  @Test
  void decodesTheFirstFrameOfAnAnimatedGif() throws Exception {
    BufferedImage red = solid(Color.RED);
    BufferedImage blue = solid(Color.BLUE);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(new IIOImage(red, null, null), null);
      writer.writeToSequence(new IIOImage(blue, null, null), null);
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    DecodedImage decoded = DECODER.decode(bytes.toByteArray());
    assertThat(decoded.pixels().getRGB(5, 5) & 0xFFFFFF).isEqualTo(0xFF0000);
  }

  @Test
  void compositesTransparencyOverWhite() throws Exception {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00000000); // fully transparent black
    argb.setRGB(1, 0, 0x80FF0000); // half-transparent red
    BufferedImage decoded = DECODER.decode(TestImages.encode(argb, "png")).pixels();
    assertThat(decoded.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    Color blended = new Color(decoded.getRGB(1, 0));
    assertThat(blended.getRed()).isEqualTo(255);
    assertThat(blended.getGreen()).isBetween(125, 129);
    assertThat(blended.getBlue()).isBetween(125, 129);
  }

  @Test
  void keepsSixteenBitGreyLevels() throws Exception {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSample(0, 0, 0, 0);
    grey.getRaster().setSample(1, 0, 0, 0x8080);
    grey.getRaster().setSample(2, 0, 0, 0xFFFF);
    BufferedImage decoded = DECODER.decode(TestImages.encode(grey, "png")).pixels();
    assertThat(decoded.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
    assertThat(decoded.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x808080);
    assertThat(decoded.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    byte[] jpeg = TestImages.vector("bridge-mods_square-256x256.jpg");
    BufferedImage expected = DECODER.decode(jpeg).pixels();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 10; i++) {
                    assertThat(ExifOrientationTest.pixels(DECODER.decode(jpeg).pixels()))
                        .isDeepEqualTo(ExifOrientationTest.pixels(expected));
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void reasonCodesAreStable() {
    assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::code))
        .containsExactly(
            "empty",
            "too-large",
            "unsupported-format",
            "too-many-pixels",
            "corrupt",
            "out-of-memory");
  }

  @Test
  void aDecoderThatRunsOutOfMemoryBlamesTheHeapNotTheImage() {
    // The pixel limit was checked from the header first, so an OutOfMemoryError while decoding
    // means the node's heap was short; other errors thrown by a codec mean a broken file.
    ImageRejectedException heap =
        SafeImageDecoder.failure(ImageFormat.JPEG, new OutOfMemoryError("Java heap space"));
    ImageRejectedException deep =
        SafeImageDecoder.failure(ImageFormat.PNG, new StackOverflowError());
    ImageRejectedException broken =
        SafeImageDecoder.failure(ImageFormat.GIF, new ArrayIndexOutOfBoundsException(-3));

    assertThat(heap.reason()).isEqualTo(RejectReason.OUT_OF_MEMORY);
    assertThat(heap.getMessage())
        .contains("ran out of memory", "within the limits", "publish it again");
    assertThat(deep.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(deep.getMessage()).isEqualTo("corrupt png image: decoder recursed too deeply");
    assertThat(broken.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(broken.getMessage()).startsWith("corrupt gif image: ");
  }

  private static ImageRejectedException reject(byte[] data) {
    ImageRejectedException rejected =
        catchThrowableOfType(ImageRejectedException.class, () -> DECODER.decode(data));
    assertThat(rejected).as("expected a rejection").isNotNull();
    return rejected;
  }

  /** Width and height from the header, read with plain ImageIO, independently of the decoder. */
  private static int[] headerSize(byte[] data) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  private static int indexOfMarker(byte[] jpeg, int marker) {
    for (int i = 2; i < jpeg.length - 1; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new IllegalArgumentException("no marker " + Integer.toHexString(marker));
  }

  private static BufferedImage quadrants(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF};
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]);
      }
    }
    return image;
  }

  /**
   * A GIF89a with a two-colour palette and one image of {@code width × height} whose LZW part is
   * {@code lzw}.
   */
  private static byte[] gifClaiming(int width, int height, byte[] lzw) {
    byte w0 = (byte) width;
    byte w1 = (byte) (width >> 8);
    byte h0 = (byte) height;
    byte h1 = (byte) (height >> 8);
    return TestImages.concat(
        "GIF89a".getBytes(StandardCharsets.US_ASCII),
        new byte[] {
          w0, w1, h0, h1, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
        },
        new byte[] {0x2C, 0, 0, 0, 0, w0, w1, h0, h1, 0},
        lzw,
        new byte[] {0x3B});
  }

  /**
   * {@code gif} with its first image's LZW data cut after the first sub-block, properly terminated.
   */
  private static byte[] firstDataSubBlockOnly(byte[] gif) {
    int flags = gif[10] & 0xFF;
    int pos = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 0x07) + 1) : 0);
    while ((gif[pos] & 0xFF) == 0x21) {
      pos += 2;
      for (int size = gif[pos++] & 0xFF; size != 0; size = gif[pos++] & 0xFF) {
        pos += size;
      }
    }
    int imageFlags = gif[pos + 9] & 0xFF;
    pos += 10 + ((imageFlags & 0x80) != 0 ? 3 << ((imageFlags & 0x07) + 1) : 0);
    int firstBlockEnd = pos + 2 + (gif[pos + 1] & 0xFF); // code size byte, block size byte, block
    return TestImages.concat(Arrays.copyOf(gif, firstBlockEnd), new byte[] {0, 0x3B});
  }

  private static BufferedImage solid(Color colour) {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, 16, 16);
    g.dispose();
    return image;
  }
}
