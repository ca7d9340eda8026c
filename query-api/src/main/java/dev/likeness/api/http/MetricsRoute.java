package dev.likeness.api.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code GET /metrics}: the node's meters in the Prometheus text format, or OpenMetrics when asked
 * for.
 */
public final class MetricsRoute {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;

  /** Scrapes {@code registry}. */
  public MetricsRoute(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /** Handles the request. */
  public void handle(RoutingContext ctx) {
    String accept = ctx.request().getHeader("accept");
    String type =
        accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
            ? OPENMETRICS_TEXT
            : PROMETHEUS_TEXT;
    // A scrape reads hundreds of gauges, some of them through Kafka client locks: keep it off the
    // event loop.
    vertx
        .executeBlocking(() -> registry.scrape(type), false)
        .onSuccess(text -> ctx.response().putHeader("content-type", type).end(text))
        .onFailure(ctx::fail);
  }
}
