package dev.likeness.api.http;

import dev.likeness.api.lag.LagView;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /lag}: the indexer's lag per partition of the images topic, as {@code likeness lag
 * --json} prints it.
 */
public final class LagRoute {
  private final Vertx vertx;
  private final LagView view;

  /** Answers from {@code view}. */
  public LagRoute(Vertx vertx, LagView view) {
    this.vertx = vertx;
    this.view = view;
  }

  /** Handles the request: 200 with the latest reading, 503 before the first one. */
  public void handle(RoutingContext ctx) {
    vertx
        .executeBlocking(view::currentJson, false)
        .onComplete(
            done -> {
              if (done.failed()) {
                ctx.fail(done.cause());
              } else if (done.result().isEmpty()) {
                ErrorResponses.send(ctx, 503, "lag not known: " + view.unknownReason());
              } else {
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(done.result().get());
              }
            });
  }
}
