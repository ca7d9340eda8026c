package dev.likeness.api.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One token bucket per client, for one kind of request. Memory stays bounded: a bucket left alone
 * long enough to be full again is forgotten (a new one is the same), and at most {@code maxClients}
 * are kept, the least recently used going first. Thread-safe.
 */
public final class ClientBuckets {
  /** How many clients each kind of request tracks at most, by default. */
  public static final int DEFAULT_MAX_CLIENTS = 20_000;

  private final RateLimit limit;
  private final TimeMeter clock;
  private final Cache<String, Bucket> buckets;

  /** Buckets of {@code limit}, timed by {@code nanoTime} (a monotonic clock, in nanoseconds). */
  public ClientBuckets(RateLimit limit, int maxClients, LongSupplier nanoTime) {
    if (!limit.enabled()) {
      throw new IllegalArgumentException("no buckets for a rate limit that is off");
    }
    this.limit = limit;
    this.clock =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxClients)
            .expireAfterAccess(refillTime(limit))
            .ticker(nanoTime::getAsLong)
            // Clean up on the caller's thread: no background pool, and tests see it at once.
            .executor(Runnable::run)
            .build();
  }

  /** Buckets of {@code limit} on the system's monotonic clock. */
  public ClientBuckets(RateLimit limit) {
    this(limit, DEFAULT_MAX_CLIENTS, System::nanoTime);
  }

  /** How long an empty bucket takes to fill up again: a bucket idle that long is a new one. */
  static Duration refillTime(RateLimit limit) {
    long nanos = Math.multiplyExact(limit.burst(), 1_000_000_000L) / limit.perSecond();
    return Duration.ofNanos(Math.max(nanos, 1_000_000_000L));
  }

  /**
   * Takes a token from {@code client}'s bucket: {@link Duration#ZERO} when there was one, else how
   * long until there is.
   */
  public Duration take(String client) {
    ConsumptionProbe probe = buckets.get(client, c -> newBucket()).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }

  /** How many clients have a bucket now. */
  public long clients() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(
            b -> b.capacity(limit.burst()).refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
        .withCustomTimePrecision(clock)
        .build();
  }
}
