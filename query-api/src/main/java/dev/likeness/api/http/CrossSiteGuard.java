package dev.likeness.api.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Refuses requests that a browser sends on behalf of another site. A web page can POST a form
 * (multipart, URL-encoded, text/plain) or a bare body to any address without asking, so without
 * this any page a user visits could publish into or delete from their index. Browsers mark such
 * requests with {@code Sec-Fetch-Site} and {@code Origin}; clients that are not browsers (curl, the
 * CLI, other nodes) send neither and pass.
 */
public final class CrossSiteGuard {
  private CrossSiteGuard() {}

  /** A route handler: 403 for a request from another origin, else on to the next handler. */
  public static void refuseOtherOrigins(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String fetchSite = request.getHeader("sec-fetch-site");
    String origin = request.getHeader("origin");
    // "same-site" includes other ports of the same host: another local web app is another origin.
    boolean crossSite =
        fetchSite != null
            && !fetchSite.equalsIgnoreCase("same-origin")
            && !fetchSite.equalsIgnoreCase("none");
    if (crossSite || (origin != null && !sameOrigin(origin, request))) {
      throw new ApiException(
          403,
          "request from another origin ("
              + (origin != null ? origin : fetchSite)
              + ") refused: web pages of other sites may not change or query this index; "
              + "call the API from a client that is not a browser, or from this node's own pages");
    }
    ctx.next();
  }

  private static boolean sameOrigin(String origin, HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority == null) {
      return false;
    }
    try {
      URI uri = new URI(origin.strip());
      String scheme = request.isSSL() ? "https" : "http";
      int defaultPort = request.isSSL() ? 443 : 80;
      return scheme.equalsIgnoreCase(uri.getScheme())
          && uri.getHost() != null
          && uri.getHost()
              .toLowerCase(Locale.ROOT)
              .equals(authority.host().toLowerCase(Locale.ROOT))
          && (uri.getPort() < 0 ? defaultPort : uri.getPort())
              == (authority.port() < 0 ? defaultPort : authority.port());
    } catch (URISyntaxException e) {
      return false; // "null" (sandboxed frames, files) and anything unparsable
    }
  }
}
