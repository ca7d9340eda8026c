package dev.likeness.api.auth;

import dev.likeness.api.http.ErrorResponses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only if its caller may use the route ({@link RouteAccess}): a key with the
 * route's scope ({@code Authorization: Bearer KEY}) when a key file is given, else what the {@link
 * AuthMode} leaves open. Answers 401 without a usable key and 403 with a key lacking the scope.
 * Every accepted write is logged on {@value #AUDIT_LOGGER} with the key's name.
 */
public final class Authenticator implements Handler<RoutingContext> {
  /**
   * The routing-context attribute holding the name of the key a request came with (a {@link
   * String}); absent when the route needed no key. Handlers after this one (the rate limiter) key
   * on it.
   */
  public static final String CLIENT = "likeness.client";

  /** The logger of the audit lines, one per accepted write. */
  public static final String AUDIT_LOGGER = "likeness.audit";

  private static final Logger audit = LoggerFactory.getLogger(AUDIT_LOGGER);
  private static final String BEARER = "bearer ";

  private final Optional<KeyFile> keys;
  private final AuthMode mode;

  /** Checks keys from {@code keys} if given, else leaves open what {@code mode} says. */
  public Authenticator(Optional<KeyFile> keys, AuthMode mode) {
    if (keys.isPresent() && mode == AuthMode.NONE) {
      throw new IllegalArgumentException(
          "--auth=none and --api-keys contradict each other: give one or the other");
    }
    this.keys = keys;
    this.mode = mode;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RouteAccess.Need need = RouteAccess.of(ctx.request().method(), ctx.normalizedPath());
    switch (need.kind()) {
      case OPEN -> ctx.next();
      case PEER -> {
        if (Boolean.TRUE.equals(ctx.get(PeerGuard.VERIFIED))) {
          ctx.next();
        } else {
          refuse(ctx, 401, "internal route: only signed calls from the cluster's nodes are served");
        }
      }
      case SCOPED -> {
        Scope scope = need.scope().orElseThrow();
        if (keys.isPresent()) {
          withKey(ctx, keys.get().keys(), scope);
        } else {
          withoutKeys(ctx, scope);
        }
      }
    }
  }

  private void withKey(RoutingContext ctx, ApiKeys known, Scope scope) {
    String header = ctx.request().getHeader("authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      unauthorised(ctx, null, "this route needs an API key with the scope '" + scope.label() + "'");
      return;
    }
    Optional<ApiKey> key = known.find(header.substring(BEARER.length()).strip());
    if (key.isEmpty()) {
      unauthorised(ctx, "invalid_token", "unknown API key (revoked, or mistyped)");
      return;
    }
    if (!key.get().scopes().contains(scope)) {
      refuse(
          ctx,
          403,
          "the key '"
              + key.get().name()
              + "' lacks the scope '"
              + scope.label()
              + "' this route needs (it has "
              + Scope.format(key.get().scopes())
              + ")");
      return;
    }
    ctx.put(CLIENT, key.get().name());
    accept(ctx, scope, key.get().name());
  }

  private void withoutKeys(RoutingContext ctx, Scope scope) {
    if (scope != Scope.WRITE || mode == AuthMode.NONE) {
      accept(ctx, scope, "anyone");
    } else if (mode == AuthMode.LOOPBACK && fromLoopback(ctx.request())) {
      accept(ctx, scope, "loopback");
    } else {
      unauthorised(
          ctx,
          null,
          "writes need an API key and this node has none: create one with `likeness keys add NAME"
              + " --scopes write --file keys.txt`, start the node with --api-keys keys.txt and send"
              + " 'Authorization: Bearer KEY'; or start it with --auth=none to leave writes open");
    }
  }

  private static void accept(RoutingContext ctx, Scope scope, String who) {
    if (scope == Scope.WRITE) {
      HttpServerRequest request = ctx.request();
      String line =
          request.method() + " " + request.path() + " by '" + who + "' from " + remote(request);
      ctx.addEndHandler(done -> audit.info("write {} -> {}", line, ctx.response().getStatusCode()));
    }
    ctx.next();
  }

  private static void unauthorised(RoutingContext ctx, String error, String message) {
    ctx.response()
        .putHeader(
            "www-authenticate",
            "Bearer realm=\"likeness\"" + (error == null ? "" : ", error=\"" + error + "\""));
    refuse(ctx, 401, message);
  }

  /**
   * Answers a refusal. A body the client is still sending is not read: the connection closes after
   * the answer, so the client neither waits on it nor uploads the rest for nothing.
   */
  static void refuse(RoutingContext ctx, int status, String message) {
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader("connection", "close");
    }
    ErrorResponses.send(ctx, status, message);
  }

  private static String remote(HttpServerRequest request) {
    SocketAddress address = request.remoteAddress();
    return address == null ? "?" : address.hostAddress();
  }

  private static boolean fromLoopback(HttpServerRequest request) {
    SocketAddress address = request.remoteAddress();
    if (address == null || !address.isInetSocket() || address.hostAddress() == null) {
      return false;
    }
    try {
      // An address literal: no name lookup happens.
      return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
