package dev.likeness.api.limit;

import dev.likeness.api.auth.Authenticator;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Lets a request of one kind (searches, or writes) through while its client has a token in its
 * bucket; otherwise answers 429 with {@code Retry-After} before reading the body. The client is the
 * name of the API key that authenticated the request when there is one, else the remote address.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {
  /**
   * The route order of the rate limits: before the routes' own handlers (order 0 and up), after the
   * authentication that names the client in {@link Authenticator#CLIENT}, which takes a lower
   * order.
   */
  public static final int ROUTE_ORDER = -50;

  private final ClientBuckets buckets;
  private final RefusalReason reason;
  private final String kind;
  private final Duration bodyTimeout;

  /**
   * Limits requests with {@code buckets}; refusals count as {@code reason} and say they are over
   * the rate of {@code kind} (such as "searches"). A refused request's body is dropped as it comes,
   * for at most {@code bodyTimeout}; then its connection is closed.
   */
  public RateLimitHandler(
      ClientBuckets buckets, RefusalReason reason, String kind, Duration bodyTimeout) {
    this.buckets = buckets;
    this.reason = reason;
    this.kind = kind;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Duration wait = buckets.take(client(ctx));
    if (wait.isZero()) {
      ctx.next();
      return;
    }
    ctx.put(Refusals.REASON_KEY, reason);
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      // The answer does not need the body: let it arrive and drop it, so the connection stays
      // usable and nothing of it is held; but not for longer than a body may take.
      long timer =
          ctx.vertx()
              .setTimer(
                  bodyTimeout.toMillis(),
                  t -> {
                    if (!request.isEnded()) {
                      if (request.version() == HttpVersion.HTTP_2) {
                        ctx.response().reset();
                      } else {
                        request.connection().close();
                      }
                    }
                  });
      request.endHandler(v -> ctx.vertx().cancelTimer(timer));
      request.handler(chunk -> {});
      request.exceptionHandler(e -> ctx.vertx().cancelTimer(timer));
      request.resume();
    }
    Refusals.send(
        ctx.response(),
        429,
        wait,
        "too many "
            + kind
            + " from this client: send it again after "
            + Refusals.retryAfterSeconds(wait)
            + " s");
  }

  /** The key's name when a key authenticated the request, else the remote address. */
  static String client(RoutingContext ctx) {
    Object key = ctx.get(Authenticator.CLIENT);
    if (key instanceof String name && !name.isEmpty()) {
      return "key:" + name;
    }
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null || remote.hostAddress() == null
        ? "address:unknown"
        : "address:" + remote.hostAddress();
  }
}
