package dev.likeness.api.limit;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Limits on what comes before a request's body: its request line (the URL) and its headers, and how
 * long a connection may stay silent. Requests over them are answered 414 or 431 in the API's JSON
 * error form, counted, and their connection closed.
 */
public final class RequestHeadLimits {
  /** Longest request line (method, URL, version), in bytes: 414 above. */
  public static final int MAX_REQUEST_LINE_BYTES = 4096;

  /** Most bytes of headers in one request: 431 above. */
  public static final int MAX_HEADER_BYTES = 8192;

  /**
   * Seconds a connection may send and receive nothing before the node closes it: longer than the
   * peers' keep-alive of 60 s, so a peer always closes an idle connection first.
   */
  public static final int IDLE_TIMEOUT_SECONDS = 120;

  private final Refusals refusals;

  /** Answers and counts requests over the limits in {@code refusals}. */
  public RequestHeadLimits(Refusals refusals) {
    this.refusals = refusals;
  }

  /** Sets the limits on {@code options}. */
  public static HttpServerOptions applyTo(HttpServerOptions options) {
    return options
        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
  }

  /**
   * The server's handler of requests that could not be parsed: 414 and 431 for the limits here,
   * Vert.x's own answer for the rest.
   */
  public Handler<HttpServerRequest> invalidRequests() {
    return request -> {
      Throwable cause = request.decoderResult().cause();
      if (cause instanceof TooLongHttpLineException) {
        refuse(
            request,
            414,
            RefusalReason.URI_TOO_LONG,
            "the request line is longer than "
                + MAX_REQUEST_LINE_BYTES
                + " bytes; send metadata as form fields rather than URL parameters");
      } else if (cause instanceof TooLongHttpHeaderException) {
        refuse(
            request,
            431,
            RefusalReason.HEADERS_TOO_LARGE,
            "the request headers are larger than " + MAX_HEADER_BYTES + " bytes");
      } else {
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
      }
    };
  }

  private void refuse(HttpServerRequest request, int status, RefusalReason reason, String message) {
    refusals.count(reason);
    HttpServerResponse response = request.response();
    // The parser gives up on the connection after a bad head: nothing more can be read on it.
    response.putHeader("connection", "close");
    response.endHandler(v -> request.connection().close());
    Refusals.send(response, status, null, message);
  }
}
