package dev.likeness.api.limit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts refused requests in {@value #METER}, tagged by {@link RefusalReason}, so operators see
 * limits at work on {@code /metrics}; and answers refusals in the API's JSON error form.
 */
public final class Refusals {
  /** The counter's name. */
  public static final String METER = "likeness.http.refused";

  /**
   * Where a handler that refuses a request puts its {@link RefusalReason} in the routing context;
   * counted when the answer's headers are sent.
   */
  public static final String REASON_KEY = "likeness.refused";

  private final Map<RefusalReason, Counter> counters = new EnumMap<>(RefusalReason.class);

  /** Registers one counter per reason in {@code registry}, all at 0, so dashboards see them. */
  public Refusals(MeterRegistry registry) {
    for (RefusalReason reason : RefusalReason.values()) {
      counters.put(
          reason,
          Counter.builder(METER)
              .description("Requests refused by a limit of the node, by reason")
              .tag("reason", reason.tag())
              .register(registry));
    }
  }

  /** Counts one refusal. */
  public void count(RefusalReason reason) {
    counters.get(reason).increment();
  }

  /**
   * A route handler that counts the request if it ends refused: by the reason a handler put under
   * {@link #REASON_KEY}, else by its status (408 a body too slow, 413 too large).
   */
  public void watch(RoutingContext ctx) {
    ctx.addHeadersEndHandler(
        v -> {
          RefusalReason reason = ctx.get(REASON_KEY);
          if (reason == null) {
            reason =
                switch (ctx.response().getStatusCode()) {
                  case 408 -> RefusalReason.BODY_TIMEOUT;
                  case 413 -> RefusalReason.TOO_LARGE;
                  default -> null;
                };
          }
          if (reason != null) {
            count(reason);
          }
        });
    ctx.next();
  }

  /**
   * Answers {@code {"error": message, "status": status}} with {@code Retry-After} in whole seconds,
   * rounded up (at least 1), when {@code retryAfter} is not null.
   */
  static void send(HttpServerResponse response, int status, Duration retryAfter, String message) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    if (retryAfter != null) {
      response.putHeader("retry-after", Long.toString(retryAfterSeconds(retryAfter)));
    }
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", message).put("status", status).encode());
  }

  /** Whole seconds, rounded up, at least 1: a client told 0 would retry at once. */
  static long retryAfterSeconds(Duration wait) {
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
