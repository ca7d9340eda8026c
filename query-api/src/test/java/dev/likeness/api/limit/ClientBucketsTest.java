package dev.likeness.api.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per client on a clock the test moves: no waiting. */
class ClientBucketsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private ClientBuckets buckets(RateLimit limit, int maxClients) {
    return new ClientBuckets(limit, maxClients, now::get);
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aClientGetsItsBurstThenWaitsForTheRefill() {
    ClientBuckets b = buckets(new RateLimit(10, 20), 100);
    for (int i = 0; i < 20; i++) {
      assertThat(b.take("a")).as("request %d of the burst", i).isZero();
    }
    Duration wait = b.take("a");
    // One token comes back every 100 ms.
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));

    advance(wait);
    assertThat(b.take("a")).isZero();
    assertThat(b.take("a")).isPositive();
    // A second refills ten tokens, not more.
    advance(Duration.ofSeconds(1));
    for (int i = 0; i < 10; i++) {
      assertThat(b.take("a")).isZero();
    }
    assertThat(b.take("a")).isPositive();
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    ClientBuckets b = buckets(new RateLimit(1, 1), 100);
    assertThat(b.take("a")).isZero();
    assertThat(b.take("a")).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.take("b")).isZero();
  }

  @Test
  void idleClientsAreForgottenOnceTheirBucketWouldBeFull() {
    RateLimit limit = new RateLimit(10, 40);
    ClientBuckets b = buckets(limit, 100);
    for (int i = 0; i < 40; i++) {
      b.take("a");
    }
    b.take("b");
    assertThat(b.clients()).isEqualTo(2);
    assertThat(ClientBuckets.refillTime(limit)).isEqualTo(Duration.ofSeconds(4));

    advance(Duration.ofSeconds(3));
    b.take("b");
    advance(Duration.ofSeconds(2));
    // a was idle 5 s, longer than an empty bucket takes to fill: forgetting it changes nothing.
    assertThat(b.clients()).isEqualTo(1);
    assertThat(b.take("a")).isZero();
  }

  @Test
  void atMostMaxClientsAreTracked() {
    ClientBuckets b = buckets(new RateLimit(1, 1), 50);
    for (int i = 0; i < 10_000; i++) {
      b.take("client-" + i);
    }
    assertThat(b.clients()).isLessThanOrEqualTo(50);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
    assertThat(Refusals.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(Refusals.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    assertThat(Refusals.retryAfterSeconds(Duration.ofSeconds(2))).isEqualTo(2);
    assertThat(Refusals.retryAfterSeconds(Duration.ofMillis(2001))).isEqualTo(3);
  }

  @Test
  void aRateIsReadAsRateOrRateAndBurst() {
    assertThat(RateLimit.parse("50")).isEqualTo(new RateLimit(50, 100));
    assertThat(RateLimit.parse("5:7")).isEqualTo(new RateLimit(5, 7));
    assertThat(RateLimit.parse("0").enabled()).isFalse();
    assertThat(RateLimit.parse(RateLimit.parse("5:7").toString())).isEqualTo(new RateLimit(5, 7));
    assertThatThrownBy(() -> RateLimit.parse("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RATE:BURST");
    assertThatThrownBy(() -> RateLimit.parse("5:0")).isInstanceOf(IllegalArgumentException.class);
  }
}
