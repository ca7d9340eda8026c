package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feature records from the changelog and from peers: any bytes decode to a record or fail with
 * {@link IllegalArgumentException}, and a record that decodes encodes to bytes that decode to an
 * equal record.
 */
class FeatureRecordCodecFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void decodesOrRefuses(byte[] data) {
    FeatureRecord full;
    try {
      full = FeatureRecordCodec.decode(data);
    } catch (IllegalArgumentException e) {
      assertRefusedEverywhere(data);
      return;
    }
    // The fixed-offset readers the index rebuild uses agree with the whole decode.
    assertThat(FeatureRecordCodec.primaryHash(data)).isEqualTo(full.hashes().original());
    assertThat(FeatureRecordCodec.quality(data)).isEqualTo(full.hashes().quality());

    FeatureRecord described = FeatureRecordCodec.decodeWithoutPayload(data);
    assertThat(described.hashes()).isEqualTo(full.hashes());
    assertThat(described.metadata()).isEqualTo(full.metadata());
    assertThat(described.trimmedHash()).isEqualTo(full.trimmedHash());

    FeatureRecord again = FeatureRecordCodec.decode(FeatureRecordCodec.encode(full));
    assertThat(again).usingRecursiveComparison().isEqualTo(full);
  }

  private static void assertRefusedEverywhere(byte[] data) {
    try {
      FeatureRecordCodec.decodeWithoutPayload(data);
    } catch (IllegalArgumentException expected) {
      return;
    }
    // Without the payload fewer bytes are read: a record cut short inside its band hashes
    // still describes the image. Anything before them must decode in full.
    assertThat(data[0]).isEqualTo(FeatureRecordCodec.FORMAT_VERSION);
  }
}
