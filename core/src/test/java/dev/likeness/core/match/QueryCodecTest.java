package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.feature.ImageSource;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QueryCodecTest {
  private static final Path SEED = Path.of("../seeds");

  private static byte[] seed() throws Exception {
    try (var files = Files.list(SEED)) {
      return Files.readAllBytes(
          files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow());
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
    // Hashed once at extraction, of the frame before it was quantized, and carried as they are.
    assertThat(back.bands()).isNotNull().isEqualTo(query.bands());
    assertThat(back.mirroredBands())
        .isNotNull()
        .isEqualTo(query.mirroredBands())
        .isNotEqualTo(back.bands());
  }

  @Test
  void aFramedQueryCarriesItsTrimmedHashes() throws Exception {
    BufferedImage photo = ImageIO.read(new ByteArrayInputStream(seed()));
    BufferedImage framed =
        new BufferedImage(
            photo.getWidth() + 80, photo.getHeight() + 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = framed.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
    g.drawImage(photo, 40, 40, null);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(framed, "png", png);

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
  void aSearchByIdCarriesTheStoredBands() throws Exception {
    var record = new FeatureExtractor().extract(seed(), ImageSource.uploadedAt(0), 0);
    MatchFeatures query = IndexedImageQuery.of(record);
    assertThat(query.bands()).isNotNull();
    assertThat(query.bands().bands()).isEqualTo(record.bandHashes());

    byte[] v2 = QueryCodec.encode(query);
    MatchFeatures back = QueryCodec.decode(v2);
    assertThat(back.bands()).isEqualTo(query.bands());
    assertThat(back.frame().luma()).isEqualTo(query.frame().luma());

    // Format 1 is format 2 without the band blocks: three hashes with qualities after a count byte,
    // then the count byte (0) of the mirrored bands, which a search by id does not have.
    assertThat(query.mirroredBands()).isNull();
    int frameBytes = 4 + query.frame().width() * query.frame().height();
    int bandBytes = 1 + BandHashes.COUNT * (Hash256.BYTES + 1) + 1;
    byte[] v1 = new byte[v2.length - bandBytes];
    System.arraycopy(v2, 0, v1, 0, v2.length - frameBytes - bandBytes);
    System.arraycopy(v2, v2.length - frameBytes, v1, v1.length - frameBytes, frameBytes);
    v1[0] = 1;
    MatchFeatures old = QueryCodec.decode(v1);
    assertThat(old.bands()).isNull();
    assertThat(old.keypoints()).isEqualTo(query.keypoints());
    assertThat(old.frame().luma()).isEqualTo(query.frame().luma());
  }

  @Test
  void rejectsOtherFormatsAndTruncation() throws Exception {
    byte[] bytes = QueryCodec.encode(new FeatureExtractor().queryFeatures(seed()));
    byte[] wrong = bytes.clone();
    wrong[0] = 9;
    assertThatThrownBy(() -> QueryCodec.decode(wrong)).hasMessageContaining("format 9");
    for (int cut : new int[] {0, 2, 40, 300, bytes.length - 1}) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> QueryCodec.decode(truncated))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
