package dev.likeness.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /internal/*} only to calls signed with the cluster's secret ({@link
 * ClusterSecret}); runs after the body is read, as the signature covers it. Refusals are logged
 * with the caller's address, so an operator sees which node lacks the secret.
 */
public final class PeerGuard implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(PeerGuard.class);

  /** The routing-context attribute set to {@code true} on a verified peer call. */
  public static final String VERIFIED = "likeness.peer.verified";

  // The scheme named in WWW-Authenticate: a peer's signature, not a bearer key.
  private static final String SCHEME = "LikenessPeerHmac";

  private final ClusterSecret secret;
  private final Clock clock;

  /** Checks calls against {@code secret}, with {@code clock} for their timestamps. */
  public PeerGuard(ClusterSecret secret, Clock clock) {
    this.secret = secret;
    this.clock = clock;
  }

  /**
   * A handler to run before the body is read: refuses a call without signature headers at once,
   * without reading what it sends.
   */
  public void requireSigned(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.getHeader(ClusterSecret.TIMESTAMP_HEADER) == null
        || request.getHeader(ClusterSecret.SIGNATURE_HEADER) == null) {
      // Not a node (a node always signs): no warning, or anyone could fill the log.
      log.debug("Unsigned call to {} from {} refused", request.path(), request.remoteAddress());
      refuse(ctx, "internal route: only signed calls from the cluster's nodes are served");
      return;
    }
    ctx.next();
  }

  /** Verifies the signature over the body read before; refuses the call if it does not match. */
  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // The host only: the port is the caller's ephemeral one, not its API's.
    String from = request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
    String timestamp = request.getHeader(ClusterSecret.TIMESTAMP_HEADER);
    String signature = request.getHeader(ClusterSecret.SIGNATURE_HEADER);
    if (timestamp == null || signature == null) {
      requireSigned(ctx);
      return;
    }
    long sent;
    try {
      sent = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      refuse(ctx, "internal route: bad " + ClusterSecret.TIMESTAMP_HEADER);
      return;
    }
    long skew = clock.instant().getEpochSecond() - sent;
    if (Math.abs(skew) > ClusterSecret.MAX_SKEW.toSeconds()) {
      log.warn(
          "Peer at {} refused: its call is stamped {} s from this node's clock (at most {} s): are"
              + " the nodes' clocks in sync?",
          from,
          skew,
          ClusterSecret.MAX_SKEW.toSeconds());
      refuse(ctx, "internal route: timestamp too far from this node's clock");
      return;
    }
    RequestBody body = ctx.body();
    Buffer bytes = body == null ? null : body.buffer();
    if (!secret.verify(
        request.method().name(),
        request.uri(),
        sent,
        bytes == null ? new byte[0] : bytes.getBytes(),
        signature)) {
      log.warn(
          "Peer at {} refused: bad signature on {} {} — do the nodes share --cluster-secret-file?"
              + " (this node uses {})",
          from,
          request.method(),
          request.path(),
          secret.origin());
      refuse(ctx, "internal route: bad signature; do the nodes share --cluster-secret-file?");
      return;
    }
    ctx.put(VERIFIED, Boolean.TRUE);
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, String message) {
    ctx.response().putHeader("www-authenticate", SCHEME);
    Authenticator.refuse(ctx, 401, message);
  }
}
