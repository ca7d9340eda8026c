package dev.likeness.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatcherSettingsTest {
  private static final ImageMatcher.Settings D = ImageMatcher.Settings.defaults();

  @Test
  void theDefaultsAreValid() {
    assertThatCode(ImageMatcher.Settings::defaults).doesNotThrowAnyException();
  }

  @Test
  void eachSettingOutOfRangeIsNamed() {
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    101,
                    D.maxCandidates(),
                    D.minVotes(),
                    D.minInliers(),
                    D.tolerance(),
                    D.viewpointF(),
                    D.viewpointCoherence(),
                    D.viewpointPenalty()))
        .hasMessageContaining("minQuality");
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    D.minQuality(),
                    0,
                    D.minVotes(),
                    D.minInliers(),
                    D.tolerance(),
                    D.viewpointF(),
                    D.viewpointCoherence(),
                    D.viewpointPenalty()))
        .hasMessageContaining("maxCandidates");
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    D.minQuality(),
                    D.maxCandidates(),
                    0,
                    D.minInliers(),
                    D.tolerance(),
                    D.viewpointF(),
                    D.viewpointCoherence(),
                    D.viewpointPenalty()))
        .hasMessageContaining("minVotes");
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    D.minQuality(),
                    D.maxCandidates(),
                    D.minVotes(),
                    2,
                    D.tolerance(),
                    D.viewpointF(),
                    D.viewpointCoherence(),
                    D.viewpointPenalty()))
        .hasMessageContaining("minInliers");
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    D.minQuality(),
                    D.maxCandidates(),
                    D.minVotes(),
                    D.minInliers(),
                    1.5,
                    D.viewpointF(),
                    D.viewpointCoherence(),
                    D.viewpointPenalty()))
        .hasMessageContaining("tolerance");
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    D.minQuality(),
                    D.maxCandidates(),
                    D.minVotes(),
                    D.minInliers(),
                    D.tolerance(),
                    0,
                    D.viewpointCoherence(),
                    D.viewpointPenalty()))
        .hasMessageContaining("viewpointF");
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    D.minQuality(),
                    D.maxCandidates(),
                    D.minVotes(),
                    D.minInliers(),
                    D.tolerance(),
                    D.viewpointF(),
                    -1,
                    D.viewpointPenalty()))
        .hasMessageContaining("viewpointCoherence");
    assertThatThrownBy(
            () ->
                new ImageMatcher.Settings(
                    D.minQuality(),
                    D.maxCandidates(),
                    D.minVotes(),
                    D.minInliers(),
                    D.tolerance(),
                    D.viewpointF(),
                    D.viewpointCoherence(),
                    -1))
        .hasMessageContaining("viewpointPenalty");
  }

  @Test
  void thePenaltyIsHalfTheShortfallUnderTheMinimumQuality() {
    QualityPenalty penalty = new QualityPenalty(50);
    assertThat(penalty.of(100)).isZero();
    assertThat(penalty.of(50)).isZero();
    assertThat(penalty.of(49)).isEqualTo(1);
    assertThat(penalty.of(0)).isEqualTo(25);
  }
}
