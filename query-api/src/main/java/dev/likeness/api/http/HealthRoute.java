package dev.likeness.api.http;

import dev.likeness.api.health.HealthReport;
import dev.likeness.api.health.NodeHealth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /health/live} and {@code GET /health/ready} (also served as {@code GET /health}) as
 * JSON.
 */
public final class HealthRoute {
  private final NodeHealth health;

  /** Reports what {@code health} says. */
  public HealthRoute(NodeHealth health) {
    this.health = health;
  }

  /** {@code GET /health/live}. */
  public void live(RoutingContext ctx) {
    send(ctx, health.live());
  }

  /** {@code GET /health/ready} and {@code GET /health}. */
  public void ready(RoutingContext ctx) {
    send(ctx, health.ready());
  }

  private static void send(RoutingContext ctx, HealthReport report) {
    JsonObject body =
        new JsonObject().put("status", report.status()).put("streams", report.streams());
    report.indexedLocally().ifPresent(n -> body.put("indexedLocally", n));
    report.reason().ifPresent(r -> body.put("reason", r));
    if (!report.missingPartitions().isEmpty()) {
      // As in a partial search answer; the reason says why each one is missing.
      body.put(
          "missingPartitions", new JsonArray(List.copyOf(report.missingPartitions().keySet())));
    }
    ctx.response()
        .setStatusCode(report.httpStatus())
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
