package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.core.feature.FeatureExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QueryCodecTest {
  private static final Path SEED = Path.of("../seeds");

  private static byte[] seed() throws Exception {
    try (var files = Files.list(SEED)) {
      return Files.readAllBytes(files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow());
    }
  }

  @Test
  void aQuantizedQueryRoundTripsExactly() throws Exception {
    MatchFeatures query = new FeatureExtractor().queryFeatures(seed());
    assertThat(query.keypoints().count()).isPositive();
    assertThat(query.frame()).isNotNull();

    MatchFeatures back = QueryCodec.decode(QueryCodec.encode(query));

    assertThat(back.whole()).isEqualTo(query.whole());
    assertThat(back.trimmed()).isEqualTo(query.trimmed());
    assertThat(back.keypoints()).isEqualTo(query.keypoints());
    assertThat(back.mirroredKeypoints()).isEqualTo(query.mirroredKeypoints());
    assertThat(back.frame().width()).isEqualTo(query.frame().width());
    assertThat(back.frame().luma()).isEqualTo(query.frame().luma());
  }

  @Test
  void aFramedQueryCarriesItsTrimmedHashes() throws Exception {
    java.awt.image.BufferedImage photo = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(seed()));
    java.awt.image.BufferedImage framed = new java.awt.image.BufferedImage(
        photo.getWidth() + 80, photo.getHeight() + 80, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = framed.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
    g.drawImage(photo, 40, 40, null);
    g.dispose();
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(framed, "png", png);

    MatchFeatures query = new FeatureExtractor().queryFeatures(png.toByteArray());
    assertThat(query.trimmed()).isNotNull();
    assertThat(query.trimmed()).isNotEqualTo(query.whole());

    MatchFeatures back = QueryCodec.decode(QueryCodec.encode(query));
    assertThat(back.trimmed()).isEqualTo(query.trimmed());
    assertThat(back.whole()).isEqualTo(query.whole());
  }

  @Test
  void aHashOnlyQueryRoundTrips() throws Exception {
    MatchFeatures full = new FeatureExtractor().queryFeatures(seed());
    MatchFeatures hashOnly = new MatchFeatures(full.whole(), null, null, null, null, null);
    MatchFeatures back = QueryCodec.decode(QueryCodec.encode(hashOnly));
    assertThat(back.whole()).isEqualTo(full.whole());
    assertThat(back.keypoints()).isNull();
    assertThat(back.mirroredKeypoints()).isNull();
    assertThat(back.frame()).isNull();
  }

  @Test
  void rejectsOtherFormatsAndTruncation() throws Exception {
    byte[] bytes = QueryCodec.encode(new FeatureExtractor().queryFeatures(seed()));
    byte[] wrong = bytes.clone();
    wrong[0] = 9;
    assertThatThrownBy(() -> QueryCodec.decode(wrong)).hasMessageContaining("format 9");
    for (int cut : new int[] {0, 2, 40, 300, bytes.length - 1}) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> QueryCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
