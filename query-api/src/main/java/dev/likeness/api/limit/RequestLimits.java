package dev.likeness.api.limit;

import dev.likeness.api.decode.DecodeBudget;
import java.time.Duration;
import java.util.Objects;

/**
 * The abuse limits of a node's API that are set per node: the clients' rate limits, the queue of
 * image searches waiting for the decode budget, and how long a client has to send a body.
 *
 * @param searches each client's rate of searches ({@code GET} and {@code POST /search})
 * @param writes each client's rate of writes ({@code POST /images}, {@code DELETE /images/{id}})
 * @param decodeQueue image searches that may wait for the decode budget at once; one more gets 503
 * @param bodyTimeout how long a client has, from its request's headers, to send the whole body
 */
public record RequestLimits(
    RateLimit searches, RateLimit writes, int decodeQueue, Duration bodyTimeout) {
  /**
   * 50 searches a second, bursts of 100: far above a person at a search page or a script that waits
   * for each answer, well under what makes one client fill the node's decode budget.
   */
  public static final RateLimit DEFAULT_SEARCH_RATE = RateLimit.of(50);

  /**
   * 20 writes a second, bursts of 40: each is a Kafka write that the index must then process; bulk
   * loads go through {@code likeness ingest}, which writes to Kafka directly.
   */
  public static final RateLimit DEFAULT_WRITE_RATE = RateLimit.of(20);

  /** Image searches that may wait for the decode budget at once, by default. */
  public static final int DEFAULT_DECODE_QUEUE = DecodeBudget.DEFAULT_MAX_WAITING;

  /** How long a client has to send a whole body, by default. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** Every default. */
  public static final RequestLimits DEFAULTS =
      new RequestLimits(
          DEFAULT_SEARCH_RATE, DEFAULT_WRITE_RATE, DEFAULT_DECODE_QUEUE, DEFAULT_BODY_TIMEOUT);

  public RequestLimits {
    Objects.requireNonNull(searches, "searches");
    Objects.requireNonNull(writes, "writes");
    Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    if (decodeQueue < 0) {
      throw new IllegalArgumentException("decode queue must be at least 0, was " + decodeQueue);
    }
    if (bodyTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("body timeout must be positive, was " + bodyTimeout);
    }
  }

  /** These limits with another search rate. */
  public RequestLimits withSearches(RateLimit rate) {
    return new RequestLimits(rate, writes, decodeQueue, bodyTimeout);
  }

  /** These limits with another write rate. */
  public RequestLimits withWrites(RateLimit rate) {
    return new RequestLimits(searches, rate, decodeQueue, bodyTimeout);
  }

  /** These limits with another queue length. */
  public RequestLimits withDecodeQueue(int waiting) {
    return new RequestLimits(searches, writes, waiting, bodyTimeout);
  }

  /** These limits with another body timeout. */
  public RequestLimits withBodyTimeout(Duration timeout) {
    return new RequestLimits(searches, writes, decodeQueue, timeout);
  }
}
