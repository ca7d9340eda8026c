package dev.likeness.api.http;

import dev.likeness.api.search.IndexUnavailableException;
import dev.likeness.contract.record.MetadataLimitException;
import dev.likeness.core.image.ImageRejectedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure as a JSON error with a status that says whose fault it is. */
public final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  /**
   * Seconds a client is told to wait before retrying a 503: a rebalance or a restart takes a few.
   */
  static final int RETRY_AFTER_SECONDS = 2;

  // Longest exception message logged: messages of parsers can quote what they parsed.
  private static final int MAX_LOGGED_MESSAGE = 200;

  private ErrorResponses() {}

  /** Sends {@code {"error": message, "status": status}}. */
  public static void send(RoutingContext ctx, int status, String message) {
    HttpServerResponse resp = ctx.response();
    if (resp.ended() || resp.headWritten()) {
      return;
    }
    if (status == 503) {
      resp.putHeader("retry-after", Integer.toString(RETRY_AFTER_SECONDS));
    }
    resp.setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", message).put("status", status).encode());
  }

  /**
   * Maps a failure to a response: the client's mistakes to 4xx, transient states to 503 with {@code
   * Retry-After}, the rest to 500 with a log line that never carries the request body.
   */
  public static void handle(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ApiException e) {
      send(ctx, e.status(), e.getMessage());
    } else if (failure instanceof ImageRejectedException e) {
      send(ctx, statusOf(e), e.getMessage());
    } else if (failure instanceof IndexUnavailableException e) {
      send(ctx, 503, e.getMessage());
    } else if (failure instanceof MetadataLimitException e) {
      send(ctx, 413, e.getMessage());
    } else if (failure != null) {
      log.error(
          "Request {} {} failed",
          ctx.request().method(),
          ctx.request().path(),
          withShortMessages(failure));
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

  /** A copy of {@code failure} and its causes with their stack traces and messages cut short. */
  static Throwable withShortMessages(Throwable failure) {
    String message = failure.getMessage();
    if (message != null && message.length() > MAX_LOGGED_MESSAGE) {
      message = message.substring(0, MAX_LOGGED_MESSAGE) + "… (" + message.length() + " chars)";
    }
    Throwable copy =
        new Throwable(
            failure.getClass().getName() + (message == null ? "" : ": " + message),
            failure.getCause() == null || failure.getCause() == failure
                ? null
                : withShortMessages(failure.getCause())) {
          @Override
          public String toString() {
            return getMessage();
          }
        };
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  private static String messageFor(int status) {
    return switch (status) {
      case 404 -> "no such route; see the README for the API";
      case 405 -> "method not allowed on this route";
      case 413 -> "request body too large: the upload limit is exceeded";
      case 400 -> "bad request: the URL or the body could not be read";
      default -> "request failed with status " + status;
    };
  }
}
