package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubsamplingFactorTest {

  @Test
  void decodedSideIsTheSmallestReachableSizeAtLeastTheTarget() {
    for (int target : new int[] {1, 2, 3, 512, 1024}) {
      for (int side = 1; side <= 6000; side++) {
        int step = SubsamplingFactor.forLongestSide(side, target);
        int decoded = SubsamplingFactor.subsampledLength(side, step);
        if (side <= target) {
          assertThat(step).isEqualTo(1);
          continue;
        }
        assertThat(decoded)
            .as("side %d target %d step %d", side, target, step)
            .isGreaterThanOrEqualTo(target);
        assertThat(decoded).as("side %d target %d", side, target).isLessThan(2 * target);
        if (target > 1) { // with a 1-px target every step ≥ side gives 1 px
          assertThat(SubsamplingFactor.subsampledLength(side, step + 1))
              .as("a bigger step would undershoot")
              .isLessThan(target);
        }
      }
    }
  }

  @Test
  void knownCases() {
    assertThat(SubsamplingFactor.forLongestSide(1600, 1024)).isEqualTo(1);
    assertThat(SubsamplingFactor.forLongestSide(2048, 1024)).isEqualTo(2);
    assertThat(SubsamplingFactor.forLongestSide(4000, 1024)).isEqualTo(3);
    assertThat(SubsamplingFactor.subsampledLength(4000, 3)).isEqualTo(1334);
  }
}
