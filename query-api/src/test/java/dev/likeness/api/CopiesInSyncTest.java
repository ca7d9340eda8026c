package dev.likeness.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.api.health.CopiesInSync;
import dev.likeness.api.health.CopiesInSync.Copy;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopiesInSyncTest {
  private final List<Copy> copies =
      List.of(new Copy(0, false, 0), new Copy(1, true, 40), new Copy(2, true, 7));

  @Test
  void inSyncWhenEveryCopyIsWithinTheLag() {
    CopiesInSync check = new CopiesInSync(() -> copies);
    assertThat(check.check(40).inSync()).isTrue();
    assertThat(check.check(39).inSync()).as("the standby of partition 1 is 40 behind").isFalse();
    assertThat(check.check(39).copies()).isEqualTo(copies);
    assertThat(new CopiesInSync(List::of).check(0).inSync()).as("no copies").isTrue();
  }

  @Test
  void aNegativeLagIsRefused() {
    assertThatThrownBy(() -> new CopiesInSync(() -> copies).check(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
