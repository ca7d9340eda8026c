package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.hash.PdqHashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureRecordCodecTest {

  static FeatureRecord sample(Random rnd, int thumbBytes) {
    List<Hash256> forms = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      forms.add(Hash256.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
    }
    byte[] thumb = new byte[thumbBytes];
    rnd.nextBytes(thumb);
    byte[] local = new byte[thumbBytes / 3];
    rnd.nextBytes(local);
    return new FeatureRecord(
        3,
        new PdqHashes(forms, 87),
        4000,
        3000,
        "jpeg",
        "image/jpeg",
        "photos/été/ünïcode.jpg",
        1_700_000_000_123L,
        1_700_000_000_456L,
        Map.of("camera", "X100", "album", "trip ✈"),
        thumb,
        local,
        new PdqHash(
            Hash256.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()), 61),
        List.of(randomHash(rnd, 90), randomHash(rnd, 12), randomHash(rnd, 100)));
  }

  private static PdqHash randomHash(Random rnd, int quality) {
    return new PdqHash(
        Hash256.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()), quality);
  }

  @Test
  void roundTripsEveryField() {
    FeatureRecord r = sample(new Random(1), 5000);
    byte[] bytes = FeatureRecordCodec.encode(r);
    FeatureRecord back = FeatureRecordCodec.decode(bytes);
    assertThat(back).usingRecursiveComparison().isEqualTo(r);
    assertThat(back.thumbnail()).isEqualTo(r.thumbnail());
    assertThat(back.localFeatures()).isEqualTo(r.localFeatures()).isNotEmpty();
    assertThat(back.bandHashes()).isEqualTo(r.bandHashes()).hasSize(3);
    assertThat(FeatureRecordCodec.primaryHash(bytes)).isEqualTo(r.hashes().original());
    assertThat(FeatureRecordCodec.quality(bytes)).isEqualTo(87);
  }

  @Test
  void decodesWithoutPayloadWhatWithoutPayloadKeeps() {
    FeatureRecord r = sample(new Random(2), 5000);
    FeatureRecord summary = FeatureRecordCodec.decodeWithoutPayload(FeatureRecordCodec.encode(r));
    assertThat(summary).usingRecursiveComparison().isEqualTo(r.withoutPayload());
    assertThat(summary.hasThumbnail()).isFalse();
    assertThat(summary.metadata()).isEqualTo(r.metadata());
  }

  @Test
  void roundTripsEmptyOptionalFields() {
    FeatureRecord r =
        new FeatureRecord(
            1, sample(new Random(2), 0).hashes(), 0, 0, null, null, null, 0, 0, null, null);
    FeatureRecord back = FeatureRecordCodec.decode(FeatureRecordCodec.encode(r));
    assertThat(back.source()).isEmpty();
    assertThat(back.metadata()).isEmpty();
    assertThat(back.hasThumbnail()).isFalse();
    assertThat(back.bandHashes()).isEmpty();
  }

  @Test
  void decodesFormatTwoRecordsWithoutBands() {
    FeatureRecord r = sample(new Random(5), 300);
    byte[] v3 = FeatureRecordCodec.encode(r);
    // A format-2 record is the format-3 layout without the trailing band count and hashes.
    byte[] v2 = Arrays.copyOf(v3, v3.length - 1 - r.bandHashes().size() * (Hash256.BYTES + 1));
    v2[0] = 2;
    FeatureRecord back = FeatureRecordCodec.decode(v2);
    assertThat(back.bandHashes()).isEmpty();
    assertThat(back.localFeatures()).isEqualTo(r.localFeatures());
    assertThat(back.trimmedHash()).isEqualTo(r.trimmedHash());
  }

  @Test
  void decodesFormatOneRecordsWithoutLocalFeatures() {
    FeatureRecord r = sample(new Random(4), 300);
    byte[] v3 = FeatureRecordCodec.encode(r);
    // A format-1 record is the format-3 layout without the trailing local features, trimmed hash
    // and bands.
    int bands = 1 + r.bandHashes().size() * (Hash256.BYTES + 1);
    byte[] v1 =
        Arrays.copyOf(v3, v3.length - bands - 4 - r.localFeatures().length - 1 - Hash256.BYTES - 1);
    v1[0] = 1;
    FeatureRecord back = FeatureRecordCodec.decode(v1);
    assertThat(back.hasLocalFeatures()).isFalse();
    assertThat(back.trimmedHash()).isNull();
    assertThat(back.thumbnail()).isEqualTo(r.thumbnail());
    assertThat(back.hashes()).isEqualTo(r.hashes());
    assertThat(FeatureRecordCodec.primaryHash(v1)).isEqualTo(r.hashes().original());
  }

  @Test
  void rejectsUnknownVersionAndTruncation() {
    byte[] bytes = FeatureRecordCodec.encode(sample(new Random(3), 100));
    byte[] wrongVersion = bytes.clone();
    wrongVersion[0] = 99;
    assertThatThrownBy(() -> FeatureRecordCodec.decode(wrongVersion))
        .hasMessageContaining("version 99");
    for (int cut : new int[] {0, 10, 300, bytes.length - 1}) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> FeatureRecordCodec.decode(truncated))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
