package dev.likeness.api.http;

import dev.likeness.api.search.IndexUnavailableException;
import dev.likeness.core.image.ImageRejectedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure as a JSON error with a status that says whose fault it is. */
public final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  /** Sends {@code {"error": message, "status": status}}. */
  public static void send(RoutingContext ctx, int status, String message) {
    HttpServerResponse resp = ctx.response();
    if (resp.ended() || resp.headWritten()) {
      return;
    }
    resp.setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", message).put("status", status).encode());
  }

  /** Maps a failure to a response: expected ones to 4xx, the rest to 500 with a log line. */
  public static void handle(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ApiException e) {
      send(ctx, e.status(), e.getMessage());
    } else if (failure instanceof ImageRejectedException e) {
      send(ctx, statusOf(e), e.getMessage());
    } else if (failure instanceof IndexUnavailableException e) {
      send(ctx, 503, e.getMessage());
    } else if (failure != null) {
      log.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "internal error; the server log has the details");
    } else {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      send(ctx, status, messageFor(status));
    }
  }

  /** The status for an image the decoder refused. */
  public static int statusOf(ImageRejectedException e) {
    return switch (e.reason()) {
      case EMPTY -> 400;
      case TOO_LARGE, TOO_MANY_PIXELS -> 413;
      case UNSUPPORTED_FORMAT -> 415;
      case CORRUPT -> 422;
      case OUT_OF_MEMORY -> 503;
    };
  }

  private static String messageFor(int status) {
    return switch (status) {
      case 404 -> "no such route; see the README for the API";
      case 405 -> "method not allowed on this route";
      case 413 -> "request body too large: the upload limit is exceeded";
      default -> "request failed with status " + status;
    };
  }
}
