package dev.likeness.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The latency of answered searches, as a histogram per kind of query ({@code image}, {@code id} or
 * {@code hash}).
 */
public final class SearchMetrics {
  /** Name of the search timer. */
  public static final String SEARCH = "likeness.search";

  private final Timer byImage;
  private final Timer byId;
  private final Timer byHash;

  /** Registers the timers in {@code registry}. */
  public SearchMetrics(MeterRegistry registry) {
    byImage = timer(registry, "image");
    byId = timer(registry, "id");
    byHash = timer(registry, "hash");
  }

  private static Timer timer(MeterRegistry registry, String kind) {
    return Timer.builder(SEARCH)
        .description("Time to answer a search, from request to merged result")
        .tag("kind", kind)
        // Buckets let Prometheus compute quantiles across nodes (histogram_quantile), which
        // client-side percentiles cannot.
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** Records a search with an uploaded image that took {@code nanos}. */
  public void imageSearch(long nanos) {
    byImage.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records a search by a given PDQ hash that took {@code nanos}. */
  public void hashSearch(long nanos) {
    byHash.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records a search by indexed id that took {@code nanos}. */
  public void idSearch(long nanos) {
    byId.record(nanos, TimeUnit.NANOSECONDS);
  }
}
