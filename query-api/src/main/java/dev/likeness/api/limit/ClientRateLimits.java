package dev.likeness.api.limit;

import dev.likeness.api.auth.RouteAccess;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate limits of every route, as one handler without a path of its own (so that the routes' own
 * templates stay what the HTTP metrics are labelled with): searches ({@code GET} and {@code POST
 * /search}) go to one limit, writes ({@code POST /images}, {@code DELETE /images/{id}}) to the
 * other, and every other request passes.
 */
public final class ClientRateLimits implements Handler<RoutingContext> {
  private final Handler<RoutingContext> searches;
  private final Handler<RoutingContext> writes;

  /** Sends searches to {@code searches} and writes to {@code writes}; null lets them pass. */
  public ClientRateLimits(Handler<RoutingContext> searches, Handler<RoutingContext> writes) {
    this.searches = searches;
    this.writes = writes;
  }

  /** The limits of {@code limits}: none for a rate that is off. */
  public static ClientRateLimits of(RequestLimits limits) {
    return new ClientRateLimits(
        limits.searches().enabled()
            ? new RateLimitHandler(
                new ClientBuckets(limits.searches()),
                RefusalReason.SEARCH_RATE,
                "searches",
                limits.bodyTimeout())
            : null,
        limits.writes().enabled()
            ? new RateLimitHandler(
                new ClientBuckets(limits.writes()),
                RefusalReason.WRITE_RATE,
                "writes",
                limits.bodyTimeout())
            : null);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Handler<RoutingContext> limit = limitOf(ctx.request().method(), ctx.normalizedPath());
    if (limit == null) {
      ctx.next();
    } else {
      limit.handle(ctx);
    }
  }

  Handler<RoutingContext> limitOf(HttpMethod method, String normalisedPath) {
    String path = RouteAccess.canonical(normalisedPath);
    if (path.equals("/search") && (method == HttpMethod.GET || method == HttpMethod.POST)) {
      return searches;
    }
    if (method == HttpMethod.POST && path.equals("/images")
        || method == HttpMethod.DELETE && path.startsWith("/images/")) {
      return writes;
    }
    return null;
  }
}
