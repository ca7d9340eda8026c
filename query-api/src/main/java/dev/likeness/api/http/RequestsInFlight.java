package dev.likeness.api.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a stopping node answer the requests it is in the middle of: from {@link #stop()} on, new
 * requests are refused with 503 (another node can answer them), and {@link #drained} completes once
 * the others are answered. Vert.x's own graceful shutdown drops a connection whose request body is
 * still arriving, such as an image being uploaded.
 */
final class RequestsInFlight {
  /** Before every other handler, so that every request is counted. */
  static final int ROUTE_ORDER = -1000;

  private static final long POLL_MS = 20;

  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean stopping;

  /**
   * Counts the request until its response ends or its connection closes; refuses it if stopping.
   */
  void handle(RoutingContext ctx) {
    if (stopping) {
      ctx.response()
          .putHeader(HttpHeaders.RETRY_AFTER, "1")
          .putHeader(HttpHeaders.CONNECTION, "close");
      ErrorResponses.send(ctx, 503, "this node is stopping; ask another node or retry shortly");
      return;
    }
    count.incrementAndGet();
    ctx.addEndHandler(ended -> count.decrementAndGet());
    ctx.next();
  }

  /** Requests being answered now. */
  int count() {
    return count.get();
  }

  /** Refuses new requests from now on. */
  void stop() {
    stopping = true;
  }

  /** Completes once no request is in flight, or after {@code grace}, whichever is first. */
  Future<Void> drained(Vertx vertx, Duration grace) {
    Promise<Void> done = Promise.promise();
    check(vertx, System.nanoTime() + grace.toNanos(), done);
    return done.future();
  }

  private void check(Vertx vertx, long deadline, Promise<Void> done) {
    if (count.get() <= 0 || System.nanoTime() - deadline >= 0) {
      done.complete();
    } else {
      vertx.setTimer(POLL_MS, t -> check(vertx, deadline, done));
    }
  }
}
