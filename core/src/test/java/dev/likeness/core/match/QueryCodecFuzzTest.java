package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Queries that peers send in a fan-out: any bytes decode to features or fail with {@link
 * IllegalArgumentException}; decoded features encode back to the same bytes' meaning, and are
 * searched without failing, against an index holding the very same features (so that every match
 * path, keypoint verification included, gets candidates to check).
 */
class QueryCodecFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void decodesOrRefuses(byte[] data) {
    MatchFeatures query;
    try {
      query = QueryCodec.decode(data);
    } catch (IllegalArgumentException e) {
      return;
    }
    MatchFeatures again = QueryCodec.decode(QueryCodec.encode(query));
    assertThat(again).usingRecursiveComparison().isEqualTo(query);

    Reference self =
        new Reference(
            query.whole().original(),
            query.whole().quality(),
            query.keypoints(),
            query.bands(),
            query.frame());
    ImageMatcher matcher = new ImageMatcher(id -> self);
    matcher.put("fuzzed", query);
    assertThat(matcher.search(query, 5, 256)).hasSizeLessThanOrEqualTo(5);
  }
}
