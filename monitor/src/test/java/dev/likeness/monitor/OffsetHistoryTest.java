package dev.likeness.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OffsetHistoryTest {
  private static final long T0 = 1_700_000_000_000L;

  @Test
  void aSteadyRateDatesEveryOffsetExactly() {
    OffsetHistory h = new OffsetHistory();
    // 10 records a second, sampled every second: the end offset is 10 * s at T0 + s seconds.
    for (int s = 0; s <= 60; s++) {
      h.record(10L * s, T0 + 1000L * s);
    }
    // Record 25 exists once the end reaches 26, i.e. at 2.6 s.
    assertThat(h.appendTimeOf(25)).hasValue(T0 + 2600);
    assertThat(h.appendTimeOf(9)).hasValue(T0 + 1000);
    assertThat(h.appendTimeOf(599)).hasValue(T0 + 60_000);
  }

  @Test
  void aBurstAfterAnIdleSpellIsDatedWithinTheSampleInterval() {
    OffsetHistory h = new OffsetHistory();
    for (int s = 0; s <= 100; s++) {
      h.record(5, T0 + 1000L * s);
    }
    h.record(35, T0 + 101_000);
    h.record(35, T0 + 102_000);
    // Records 5..34 arrived between the last idle sample (100 s) and the next (101 s), not spread
    // over the 100 idle seconds.
    assertThat(h.appendTimeOf(5).getAsLong()).isBetween(T0 + 100_000, T0 + 101_000);
    assertThat(h.appendTimeOf(34)).hasValue(T0 + 101_000);
    // The idle run costs two samples, plus the burst's two.
    assertThat(h.size()).isEqualTo(4);
  }

  @Test
  void recordsBeforeAnIdleSpellKeepTheirTime() {
    OffsetHistory h = new OffsetHistory();
    h.record(0, T0);
    h.record(10, T0 + 1000);
    for (int s = 2; s <= 50; s++) {
      h.record(10, T0 + 1000L * s);
    }
    assertThat(h.appendTimeOf(4)).hasValue(T0 + 500);
    assertThat(h.appendTimeOf(9)).hasValue(T0 + 1000);
  }

  @Test
  void aGapInSamplingInterpolatesAcrossIt() {
    OffsetHistory h = new OffsetHistory();
    h.record(0, T0);
    h.record(100, T0 + 1000);
    // The sampler could not reach Kafka for 9 s.
    h.record(200, T0 + 10_000);
    assertThat(h.appendTimeOf(149)).hasValue(T0 + 5500);
  }

  @Test
  void anOffsetOlderThanTheHistoryHasNoTime() {
    OffsetHistory h = new OffsetHistory();
    h.record(100, T0);
    h.record(110, T0 + 1000);
    assertThat(h.appendTimeOf(99)).isEmpty();
    assertThat(h.appendTimeOf(50)).isEmpty();
    // Record 100 was written when the end offset passed 100, after the first sample.
    assertThat(h.appendTimeOf(100)).hasValue(T0 + 100);
  }

  @Test
  void anOffsetNotYetWrittenHasNoTime() {
    OffsetHistory h = new OffsetHistory();
    h.record(0, T0);
    h.record(10, T0 + 1000);
    assertThat(h.appendTimeOf(10)).isEmpty();
    assertThat(new OffsetHistory().appendTimeOf(0)).isEmpty();
  }

  @Test
  void theOldestSamplesGoWhenFullSoOldOffsetsFallOutOfTheHistory() {
    OffsetHistory h = new OffsetHistory(3);
    for (int s = 0; s < 10; s++) {
      h.record(10L * s, T0 + 1000L * s);
    }
    assertThat(h.size()).isEqualTo(3);
    assertThat(h.oldestTime()).hasValue(T0 + 7000);
    assertThat(h.appendTimeOf(65)).isEmpty();
    assertThat(h.appendTimeOf(75)).hasValue(T0 + 7600);
  }

  @Test
  void aClockGoingBackwardsIsIgnored() {
    OffsetHistory h = new OffsetHistory();
    h.record(0, T0);
    h.record(10, T0 + 1000);
    assertThat(h.record(20, T0 + 500)).isFalse();
    assertThat(h.size()).isEqualTo(2);
    h.record(20, T0 + 2000);
    assertThat(h.appendTimeOf(14)).hasValue(T0 + 1500);
  }

  @Test
  void aShrinkingEndOffsetMeansANewTopicAndStartsOver() {
    OffsetHistory h = new OffsetHistory();
    h.record(500, T0);
    h.record(600, T0 + 1000);
    h.record(3, T0 + 2000);
    assertThat(h.size()).isEqualTo(1);
    assertThat(h.oldestTime()).hasValue(T0 + 2000);
    h.record(13, T0 + 3000);
    assertThat(h.appendTimeOf(7)).hasValue(T0 + 2500);
  }

  @Test
  void samplesAtTheSameInstantDoNotDivideByZero() {
    OffsetHistory h = new OffsetHistory();
    h.record(0, T0);
    h.record(10, T0);
    assertThat(h.appendTimeOf(3)).hasValue(T0);
  }

  @Test
  void capacityBelowTwoIsRefused() {
    assertThatThrownBy(() -> new OffsetHistory(1)).isInstanceOf(IllegalArgumentException.class);
  }
}
