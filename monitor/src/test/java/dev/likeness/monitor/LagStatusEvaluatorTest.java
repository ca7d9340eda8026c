package dev.likeness.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LagStatusEvaluatorTest {
  private final LagStatusEvaluator e = new LagStatusEvaluator(Duration.ofSeconds(5));

  @Test
  void nothingWaitingIsOk() {
    assertThat(e.evaluate(0, 10, 0, "node-a")).isEqualTo(LagStatus.OK);
    assertThat(e.evaluate(60_000, 10, 0, "node-a"))
        .as("idle for a minute is still OK")
        .isEqualTo(LagStatus.OK);
  }

  @Test
  void recordsWaitingWhileTheCommitMovesIsLagging() {
    for (int s = 0; s < 30; s++) {
      assertThat(e.evaluate(1000L * s, 100L * s, 500, "node-a"))
          .as("second %d", s)
          .isEqualTo(LagStatus.LAGGING);
    }
  }

  @Test
  void aCommitStandingStillForTheWindowWithRecordsWaitingIsStalled() {
    assertThat(e.evaluate(0, 10, 0, "node-a")).isEqualTo(LagStatus.OK);
    // Records arrive at 20 s; the commit stood still since 0 s, but only because nothing waited.
    assertThat(e.evaluate(20_000, 10, 30, "node-a")).isEqualTo(LagStatus.LAGGING);
    assertThat(e.evaluate(24_999, 10, 30, "node-a")).isEqualTo(LagStatus.LAGGING);
    assertThat(e.evaluate(25_000, 10, 30, "node-a")).isEqualTo(LagStatus.STALLED);
    // It moves again: LAGGING, then OK once drained.
    assertThat(e.evaluate(26_000, 25, 15, "node-a")).isEqualTo(LagStatus.LAGGING);
    assertThat(e.evaluate(27_000, 40, 0, "node-a")).isEqualTo(LagStatus.OK);
  }

  @Test
  void aStallIsMeasuredFromTheLastMoveWhenRecordsKeepWaiting() {
    e.evaluate(0, 0, 100, "node-a");
    e.evaluate(1000, 50, 100, "node-a");
    assertThat(e.evaluate(5999, 50, 100, "node-a")).isEqualTo(LagStatus.LAGGING);
    assertThat(e.evaluate(6000, 50, 100, "node-a")).isEqualTo(LagStatus.STALLED);
  }

  @Test
  void aFirstReadingIsNeverStalled() {
    assertThat(e.evaluate(1_000_000, 10, 30, "node-a")).isEqualTo(LagStatus.LAGGING);
  }

  @Test
  void noOwnerIsStoppedWhateverTheLag() {
    assertThat(e.evaluate(0, 10, 30, null)).isEqualTo(LagStatus.STOPPED);
    assertThat(e.evaluate(10_000, 10, 30, null)).isEqualTo(LagStatus.STOPPED);
    assertThat(e.evaluate(11_000, 40, 0, null)).isEqualTo(LagStatus.STOPPED);
    // An owner comes back to a drained partition.
    assertThat(e.evaluate(12_000, 40, 0, "node-a")).isEqualTo(LagStatus.OK);
  }

  @Test
  void aNewOwnerGetsAFullWindowBeforeItCanStall() {
    e.evaluate(0, 10, 30, null);
    // The group has been gone 60 s; a restarted node takes the partition.
    assertThat(e.evaluate(60_000, 10, 30, "node-a")).isEqualTo(LagStatus.LAGGING);
    assertThat(e.evaluate(64_000, 10, 30, "node-a")).isEqualTo(LagStatus.LAGGING);
    // A rebalance hands it to another node, which also gets its window.
    assertThat(e.evaluate(65_000, 10, 30, "node-b")).isEqualTo(LagStatus.LAGGING);
    assertThat(e.evaluate(70_000, 10, 30, "node-b")).isEqualTo(LagStatus.STALLED);
  }

  @Test
  void aClockGoingBackwardsDoesNotStall() {
    e.evaluate(10_000, 10, 30, "node-a");
    assertThat(e.evaluate(2_000, 10, 30, "node-a")).isEqualTo(LagStatus.LAGGING);
  }

  @Test
  void aCommitMovingBackwardsCountsAsMovement() {
    e.evaluate(0, 100, 30, "node-a");
    assertThat(e.evaluate(10_000, 50, 80, "node-a")).isEqualTo(LagStatus.LAGGING);
  }
}
