package dev.likeness.api.auth;

import io.vertx.core.http.HttpMethod;
import java.util.Optional;

/**
 * What a request needs, from its method and normalised path. Routes not named here are judged by
 * their method (reads need {@code search}, the rest {@code write}), so a route added later is
 * guarded from its first day.
 */
public final class RouteAccess {
  /** The prefix of the routes peers call. */
  public static final String INTERNAL_PREFIX = "/internal/";

  private RouteAccess() {}

  /** The kinds of caller a route admits. */
  public enum Kind {
    /** Anyone: health probes, CORS preflights. */
    OPEN,
    /** Other nodes of the cluster, with a signed call. */
    PEER,
    /** A client holding the scope (or anyone, where the configuration leaves it open). */
    SCOPED
  }

  /** A verdict: the kind, and the scope for {@link Kind#SCOPED}. */
  public record Need(Kind kind, Optional<Scope> scope) {
    static final Need OPEN = new Need(Kind.OPEN, Optional.empty());
    static final Need PEER = new Need(Kind.PEER, Optional.empty());

    static Need scope(Scope scope) {
      return new Need(Kind.SCOPED, Optional.of(scope));
    }
  }

  /** What {@code method} on {@code path} (normalised, without query) needs. */
  public static Need of(HttpMethod method, String normalisedPath) {
    String path = canonical(normalisedPath);
    if (path.equals("/internal") || path.startsWith(INTERNAL_PREFIX)) {
      return Need.PEER;
    }
    if (method == HttpMethod.OPTIONS || path.equals("/health") || path.startsWith("/health/")) {
      return Need.OPEN;
    }
    if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && isPage(path)) {
      // Pages and the API description hold no data: they load first, then ask for a key and send
      // it with the API calls that need one.
      return Need.OPEN;
    }
    if (path.equals("/metrics")
        || path.equals("/lag")
        || path.equals("/status")
        || path.startsWith("/status/")) {
      return Need.scope(Scope.ADMIN);
    }
    if (path.equals("/search") || method == HttpMethod.GET || method == HttpMethod.HEAD) {
      return Need.scope(Scope.SEARCH);
    }
    return Need.scope(Scope.WRITE);
  }

  /**
   * The path as the routes know it: the router takes "/metrics/" (and may take "//metrics") for
   * "/metrics", so whatever judges a request by its path must too.
   */
  public static String canonical(String normalisedPath) {
    String path = normalisedPath.replaceAll("/{2,}", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static boolean isPage(String path) {
    return path.equals("/")
        || path.equals("/ui")
        || path.startsWith("/ui/")
        || path.equals("/api-docs")
        || path.startsWith("/api-docs/")
        || path.equals("/openapi.json");
  }
}
