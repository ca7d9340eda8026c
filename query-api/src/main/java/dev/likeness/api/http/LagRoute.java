package dev.likeness.api.http;

import dev.likeness.api.lag.LocalLagView;
import dev.likeness.monitor.LagJson;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /lag}: the indexer's lag per partition of the images topic, as {@code likeness lag --json} prints it. */
public final class LagRoute {
  private final Vertx vertx;
  private final LocalLagView view;

  /** Answers from {@code view}. */
  public LagRoute(Vertx vertx, LocalLagView view) {
    this.vertx = vertx;
    this.view = view;
  }

  /** Handles the request: 200 with the latest reading, 503 before the first one. */
  public void handle(RoutingContext ctx) {
    vertx.executeBlocking(view::current, false).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (done.result().isEmpty()) {
        String why = view.monitor().failure().orElse("no reading yet");
        ErrorResponses.send(ctx, 503, "lag not known: " + why);
      } else {
        ctx.response().putHeader("content-type", "application/json").end(LagJson.encode(done.result().get()));
      }
    });
  }
}
