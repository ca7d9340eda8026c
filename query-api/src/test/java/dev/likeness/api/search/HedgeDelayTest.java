package dev.likeness.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HedgeDelayTest {
  @Test
  void theNinetyFifthPercentileOfRecentAnswersWithinBounds() {
    HedgeDelay delay = new HedgeDelay(25, 1000);
    assertThat(delay.millis()).as("no calls seen yet").isEqualTo(1000);
    for (int i = 1; i <= 100; i++) {
      delay.answeredAfter(i * 5L);
    }
    assertThat(delay.millis()).isEqualTo(475);
    for (int i = 0; i < 128; i++) {
      delay.answeredAfter(1);
    }
    assertThat(delay.millis()).as("old answers forgotten; floor").isEqualTo(25);
    for (int i = 0; i < 128; i++) {
      delay.answeredAfter(60_000);
    }
    assertThat(delay.millis()).as("ceiling").isEqualTo(1000);
  }
}
