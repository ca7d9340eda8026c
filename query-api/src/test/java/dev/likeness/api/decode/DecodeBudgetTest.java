package dev.likeness.api.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecodeBudgetTest {
  private static final long MIB = 1 << 20;

  @Test
  void aDecodeOverWhatIsLeftWaitsForAShareToBeGivenBack() throws Exception {
    DecodeBudget budget = new DecodeBudget(100 * MIB);
    DecodeBudget.Lease first = budget.tryAcquire(60 * MIB, Duration.ZERO).orElseThrow();
    assertThat(budget.availableBytes()).isEqualTo(40 * MIB);

    CompletableFuture<Optional<DecodeBudget.Lease>> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return budget.tryAcquire(60 * MIB, Duration.ofSeconds(30));
              } catch (InterruptedException | DecodeQueueFullException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(budget::hasWaiters);
    assertThat(second).isNotDone();

    first.close();
    DecodeBudget.Lease granted = second.get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(budget.availableBytes()).isEqualTo(40 * MIB);
    granted.close();
    assertThat(budget.availableBytes()).isEqualTo(100 * MIB);
  }

  @Test
  void aDecodeThatFindsNoRoomWithinItsWaitIsRefused() throws Exception {
    DecodeBudget budget = new DecodeBudget(100 * MIB);
    try (DecodeBudget.Lease held = budget.tryAcquire(90 * MIB, Duration.ZERO).orElseThrow()) {
      assertThat(budget.tryAcquire(20 * MIB, Duration.ofMillis(50))).isEmpty();
      DecodeBudget.Lease fits = budget.tryAcquire(10 * MIB, Duration.ZERO).orElseThrow();
      assertThat(budget.availableBytes()).isZero();
      fits.close();
    }
    assertThat(budget.availableBytes()).isEqualTo(100 * MIB);
  }

  @Test
  void beyondItsQueueADecodeIsRefusedAtOnceAndTheQueueOpensAgainAsItDrains() throws Exception {
    DecodeBudget budget = new DecodeBudget(100 * MIB, 2);
    DecodeBudget.Lease all = budget.tryAcquire(100 * MIB, Duration.ZERO).orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Optional<DecodeBudget.Lease>>> queued = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        queued.add(pool.submit(() -> budget.tryAcquire(10 * MIB, Duration.ofMinutes(5))));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> budget.waiting() == 2);

      // Would wait minutes if it were queued: refused without waiting instead.
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> budget.tryAcquire(10 * MIB, Duration.ofMinutes(5)))
                  .isInstanceOf(DecodeQueueFullException.class)
                  .hasMessageContaining("2 more wait"));
      // A decode that would not wait is not refused by the queue: it just finds no room.
      assertThat(budget.tryAcquire(10 * MIB, Duration.ZERO)).isEmpty();

      all.close();
      for (Future<Optional<DecodeBudget.Lease>> f : queued) {
        f.get(10, TimeUnit.SECONDS).orElseThrow().close();
      }
      assertThat(budget.waiting()).isZero();
      assertThat(budget.tryAcquire(100 * MIB, Duration.ofSeconds(1))).isPresent();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDecodeLargerThanTheBudgetRunsAlone() throws Exception {
    DecodeBudget budget = new DecodeBudget(100 * MIB);
    try (DecodeBudget.Lease huge = budget.tryAcquire(300 * MIB, Duration.ZERO).orElseThrow()) {
      assertThat(budget.availableBytes()).isZero();
      assertThat(budget.tryAcquire(1, Duration.ZERO)).isEmpty();
    }
    assertThat(budget.tryAcquire(300 * MIB, Duration.ZERO)).isPresent();
  }

  @Test
  void closingALeaseTwiceGivesItsShareBackOnce() throws Exception {
    DecodeBudget budget = new DecodeBudget(10 * MIB);
    DecodeBudget.Lease lease = budget.tryAcquire(4 * MIB, Duration.ZERO).orElseThrow();
    lease.close();
    lease.close();
    assertThat(budget.availableBytes()).isEqualTo(10 * MIB);
  }

  @Test
  void theDefaultIsAQuarterOfTheHeapAndAtLeast64MiB() {
    assertThat(DecodeBudget.defaultBytes(1024 * MIB)).isEqualTo(256 * MIB);
    assertThat(DecodeBudget.defaultBytes(4096 * MIB)).isEqualTo(1024 * MIB);
    assertThat(DecodeBudget.defaultBytes(128 * MIB)).isEqualTo(64 * MIB);
  }
}
