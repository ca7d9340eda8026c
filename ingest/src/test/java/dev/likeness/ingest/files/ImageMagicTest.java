package dev.likeness.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageMagicTest {
  @Test
  void recognisesEverySupportedFormat() {
    assertThat(ImageMagic.contentType(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10))).contains("image/jpeg");
    assertThat(ImageMagic.contentType(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0)))
        .contains("image/png");
    assertThat(ImageMagic.contentType(ascii("GIF87a..."))).contains("image/gif");
    assertThat(ImageMagic.contentType(ascii("GIF89a..."))).contains("image/gif");
    assertThat(ImageMagic.contentType(ascii("BM\u0000\u0000"))).contains("image/bmp");
    assertThat(ImageMagic.contentType(ascii("RIFF\u0001\u0002\u0003\u0004WEBPVP8 ")))
        .contains("image/webp");
    assertThat(ImageMagic.contentType(bytes('I', 'I', '*', 0, 8, 0))).contains("image/tiff");
    assertThat(ImageMagic.contentType(bytes('M', 'M', 0, '*', 0, 0))).contains("image/tiff");
  }

  @Test
  void refusesOtherContent() {
    assertThat(ImageMagic.contentType(ascii("hello, I am text"))).isEmpty();
    assertThat(ImageMagic.contentType(ascii("RIFF\u0001\u0002\u0003\u0004WAVEfmt "))).isEmpty();
    assertThat(ImageMagic.contentType(ascii("GIF88a"))).isEmpty();
    assertThat(ImageMagic.contentType(bytes(0xFF, 0xD8))).isEmpty();
    assertThat(ImageMagic.contentType(new byte[0])).isEmpty();
    assertThat(ImageMagic.contentType(null)).isEmpty();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
