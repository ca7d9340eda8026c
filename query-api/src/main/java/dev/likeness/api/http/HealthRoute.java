package dev.likeness.api.http;

import dev.likeness.api.health.CopiesInSync;
import dev.likeness.api.health.HealthReport;
import dev.likeness.api.health.NodeHealth;
import dev.likeness.api.search.IndexUnavailableException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /health/live}, {@code GET /health/ready} (also served as {@code GET /health}) and
 * {@code GET /health/copies} as JSON.
 */
public final class HealthRoute {
  private final Vertx vertx;
  private final NodeHealth health;
  private final CopiesInSync copies;

  /** Reports what {@code health} and {@code copies} say. */
  public HealthRoute(Vertx vertx, NodeHealth health, CopiesInSync copies) {
    this.vertx = vertx;
    this.health = health;
    this.copies = copies;
  }

  /**
   * {@code GET /health/copies?max-lag=N}: 200 when every local copy of the index is within N
   * records (default {@link CopiesInSync#DEFAULT_MAX_LAG}) of its changelog, else 503; with each
   * copy's lag. What a rolling restart waits for before it stops the next node.
   */
  public void copies(RoutingContext ctx) {
    String param = RequestUrl.param(ctx, "max-lag");
    long maxLag;
    try {
      maxLag = param == null ? CopiesInSync.DEFAULT_MAX_LAG : Long.parseLong(param);
    } catch (NumberFormatException e) {
      maxLag = -1;
    }
    if (maxLag < 0) {
      throw ApiException.badRequest(
          "parameter 'max-lag' must be a whole number of records, 0 or more");
    }
    long max = maxLag;
    vertx
        .executeBlocking(() -> copies.check(max), false)
        .onSuccess(
            report -> {
              JsonArray list = new JsonArray();
              for (CopiesInSync.Copy c : report.copies()) {
                list.add(
                    new JsonObject()
                        .put("partition", c.partition())
                        .put("kind", c.standby() ? "standby" : "active")
                        .put("lag", c.lag()));
              }
              JsonObject body =
                  new JsonObject()
                      .put("status", report.inSync() ? "IN_SYNC" : "CATCHING_UP")
                      .put("maxLag", report.maxLag())
                      .put("copies", list);
              ctx.response()
                  .setStatusCode(report.inSync() ? 200 : 503)
                  .putHeader("content-type", "application/json")
                  .putHeader("cache-control", "no-store")
                  .end(body.encode());
            })
        // The stream not running (starting, stopping) is a transient state: 503 as for ready.
        .onFailure(
            e ->
                ctx.fail(
                    new IndexUnavailableException(
                        "the copies of this instance cannot be checked now: " + e.getMessage())));
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
