package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.image.ImageFormat;
import dev.likeness.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ImageFormatTest {

  @ParameterizedTest
  @CsvSource({
    "bridge-mods_aaa-orig.jpg, JPEG",
    "misc-images_modes_CMYK.jpg, JPEG",
    "misc-images_small.jpg, JPEG",
    "pen-and-coaster.png, PNG",
    "misc-images_modes_1.png, PNG",
    "misc-images_modes_F.webp, WEBP",
    "misc-images_modes_PA.webp, WEBP"
  })
  void sniffsRealFiles(String file, ImageFormat expected) {
    assertThat(ImageFormat.sniff(TestImages.vector(file))).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"gif, GIF", "bmp, BMP", "tiff, TIFF", "png, PNG", "jpeg, JPEG"})
  void sniffsFilesWrittenByImageIo(String writerFormat, ImageFormat expected) {
    byte[] data =
        TestImages.encode(TestImages.scene(20, 10, BufferedImage.TYPE_INT_RGB), writerFormat);
    assertThat(ImageFormat.sniff(data)).contains(expected);
  }

  @Test
  void sniffsMinimalHeaders() {
    assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0))).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(ascii("GIF87a"))).contains(ImageFormat.GIF);
    assertThat(ImageFormat.sniff(ascii("GIF89a"))).contains(ImageFormat.GIF);
    assertThat(ImageFormat.sniff(ascii("RIFF\0\0\0\0WEBPVP8 "))).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff(bytes('I', 'I', 42, 0, 8, 0, 0, 0))).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.sniff(bytes('M', 'M', 0, 42, 0, 0, 0, 8))).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.sniff(bytes('I', 'I', 43, 0, 8, 0, 0, 0))).contains(ImageFormat.TIFF);
    byte[] bmp = new byte[54];
    bmp[0] = 'B';
    bmp[1] = 'M';
    bmp[14] = 40; // BITMAPINFOHEADER
    assertThat(ImageFormat.sniff(bmp)).contains(ImageFormat.BMP);
  }

  @Test
  void rejectsLookalikesAndNoise() {
    assertThat(ImageFormat.sniff(null)).isEmpty();
    assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
    assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8))).isEmpty();
    assertThat(ImageFormat.sniff(ascii("GIF88a"))).isEmpty();
    assertThat(ImageFormat.sniff(ascii("RIFF\0\0\0\0WAVEfmt "))).isEmpty();
    assertThat(ImageFormat.sniff(ascii("BMW makes cars, and this text starts with BM"))).isEmpty();
    assertThat(ImageFormat.sniff(ascii("<html><body>not an image</body></html>"))).isEmpty();
    assertThat(ImageFormat.sniff(ascii("{\"json\": true}"))).isEmpty();
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      byte[] noise = new byte[64];
      random.nextBytes(noise);
      noise[0] =
          (byte) ('a' + random.nextInt(26)); // never a magic first byte (0xFF, 0x89, G, R, I, M, B)
      assertThat(ImageFormat.sniff(noise)).isEmpty();
    }
  }

  @Test
  void ignoresWhatTheMimeTypeWouldSay() {
    // A PNG is a PNG whatever name or type it came with: sniffing reads bytes only.
    assertThat(ImageFormat.sniff(TestImages.vector("pen-and-coaster.png")))
        .contains(ImageFormat.PNG);
  }

  @Test
  void mapsMimeTypes() {
    assertThat(ImageFormat.fromMimeType("image/jpeg")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromMimeType("IMAGE/JPG")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromMimeType("image/png; charset=binary")).contains(ImageFormat.PNG);
    assertThat(ImageFormat.fromMimeType(" image/gif ")).contains(ImageFormat.GIF);
    assertThat(ImageFormat.fromMimeType("image/x-ms-bmp")).contains(ImageFormat.BMP);
    assertThat(ImageFormat.fromMimeType("image/webp")).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.fromMimeType("image/tiff")).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.fromMimeType("image/svg+xml")).isEmpty();
    assertThat(ImageFormat.fromMimeType("text/plain")).isEmpty();
    assertThat(ImageFormat.fromMimeType("")).isEmpty();
    assertThat(ImageFormat.fromMimeType(null)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ImageFormat.class)
  void mimeTypeRoundTripsAndShortNameHasAReader(ImageFormat format) {
    assertThat(ImageFormat.fromMimeType(format.mimeType())).contains(format);
    assertThat(format.shortName()).isEqualTo(format.name().toLowerCase(Locale.ROOT));
    assertThat(ImageIO.getImageReadersByFormatName(format.shortName()).hasNext()).isTrue();
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
