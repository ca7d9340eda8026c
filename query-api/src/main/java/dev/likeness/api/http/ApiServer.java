package dev.likeness.api.http;

import dev.likeness.api.auth.Authenticator;
import dev.likeness.api.auth.PeerGuard;
import dev.likeness.api.auth.RouteAccess;
import dev.likeness.api.decode.DecodeBudget;
import dev.likeness.api.health.CopiesInSync;
import dev.likeness.api.health.NodeHealth;
import dev.likeness.api.lag.LagView;
import dev.likeness.api.limit.ClientRateLimits;
import dev.likeness.api.limit.RateLimitHandler;
import dev.likeness.api.limit.Refusals;
import dev.likeness.api.limit.RequestHeadLimits;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.api.metrics.SearchMetrics;
import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.PeerClient;
import dev.likeness.api.tls.TlsFiles;
import dev.likeness.contract.record.ImageTopic;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.indexer.topology.ImageTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** The HTTP API of a node: routes wired to the search, image and health handlers. */
public final class ApiServer {
  /**
   * Route order of the peer signature check (and of its refusal before the body, one less): after
   * the refusal counting of {@link #withRequestLimits} (-100), before the {@link Authenticator}.
   */
  public static final int PEER_GUARD_ORDER = -95;

  /**
   * Route order of the {@link Authenticator}: before the rate limits ({@link
   * RateLimitHandler#ROUTE_ORDER}, which key on {@link Authenticator#CLIENT}) and every route of
   * the constructor.
   */
  public static final int AUTHENTICATOR_ORDER = -90;

  // A peer's query carries keypoints and a 512 px grey frame: a few hundred KB in base64.
  private static final long MAX_PEER_BODY = 2 * 1024 * 1024;

  private final Vertx vertx;
  private final Router router;
  private final RequestsInFlight inFlight = new RequestsInFlight();
  private RequestHeadLimits headLimits;
  private HttpServer server;
  private TlsFiles tls;

  /**
   * Wires the routes.
   *
   * @param maxImageBytes largest accepted image; larger bodies get 413
   * @param decodeBudget the memory searches may hold in decoding at once
   * @param metrics the registry {@code /metrics} serves and searches are timed in
   * @param degradedReason why a ready node serves stale answers (lag), if it does
   * @param lag the node's view of the indexer's lag, for {@code GET /lag}
   * @param bodyTimeout how long a client has to send a whole upload; then 408 and the connection
   *     closes
   */
  public ApiServer(
      Vertx vertx,
      KafkaStreams streams,
      FanOutSearch search,
      FeatureExtractor extractor,
      ImageTopic publisher,
      int maxImageBytes,
      DecodeBudget decodeBudget,
      PrometheusMeterRegistry metrics,
      Supplier<Optional<String>> degradedReason,
      LagView lag,
      Duration bodyTimeout) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    SearchRoute searchRoute =
        new SearchRoute(vertx, search, extractor, decodeBudget, new SearchMetrics(metrics));
    ImageRoutes images = new ImageRoutes(vertx, publisher, search, maxImageBytes);
    InternalRoutes internal = new InternalRoutes(vertx, search);
    ListingRoute listing = new ListingRoute(vertx, search);
    HealthRoute health =
        new HealthRoute(
            vertx,
            new NodeHealth(
                streams::state,
                search.local(),
                degradedReason,
                () -> search.missingPartitions(lag.imagePartitions())),
            CopiesInSync.of(streams, ImageTopology.STORE));
    MetricsRoute metricsRoute = new MetricsRoute(vertx, metrics);
    LagRoute lagRoute = new LagRoute(vertx, lag);

    // Multipart framing adds a little to the image itself.
    long maxBody = maxImageBytes + 64L * 1024;
    ImageBodyHandler body =
        new ImageBodyHandler(
            vertx, maxBody, bodyTimeout, ImageBodyHandler.DEFAULT_BODIES_IN_FLIGHT * maxBody);
    Gauge.builder("likeness.http.body.bytes.in.flight", body, ImageBodyHandler::bytesInFlight)
        .description("Bytes of upload and search request bodies held in memory")
        .baseUnit("bytes")
        .register(metrics);
    Gauge.builder("likeness.http.requests.in.flight", inFlight, RequestsInFlight::count)
        .description("HTTP requests being answered")
        .register(metrics);
    router.route().order(RequestsInFlight.ROUTE_ORDER).handler(inFlight::handle);
    router.route().handler(RequestUrl::requireUtf8);
    // Browsers may send these cross-site without asking (forms, bare bodies): refuse them there.
    router.post().handler(CrossSiteGuard::refuseOtherOrigins);
    router.delete().handler(CrossSiteGuard::refuseOtherOrigins);
    router.post("/search").handler(body).handler(searchRoute::byImage);
    router.get("/search").handler(searchRoute::byQuery);
    router.post("/images").handler(body).handler(images::publish);
    router.get("/images").handler(listing::page);
    router.get("/images/:id/thumbnail").handler(images::thumbnail);
    router.get("/images/:id").handler(images::describe);
    router.delete("/images/:id").handler(images::delete);
    router.get("/health").handler(health::ready);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/health/copies").handler(health::copies);
    router.get("/metrics").handler(metricsRoute::handle);
    router.get("/lag").handler(lagRoute::handle);
    allow("/search", "GET, POST");
    allow("/images", "GET, POST");
    allow("/images/:id", "GET, DELETE");
    allow("/images/:id/thumbnail", "GET");
    router
        .post(PeerClient.SEARCH_PATH)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_PEER_BODY))
        .handler(internal::search);
    router.get(PeerClient.RECORD_PATH + ":id").handler(internal::record);
    router.get(PeerClient.SEARCH_BY_ID_PATH).handler(searchRoute::byIdHere);
    router.get(PeerClient.IMAGES_PATH).handler(listing::local);
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(ctx -> ErrorResponses.handle(ctx, ctx.failure()));
  }

  /**
   * Answers OPTIONS on {@code path} with the methods it takes, and grants nothing to other origins
   * (no {@code Access-Control-Allow-*}): a browser's preflight from another site then fails.
   */
  private void allow(String path, String methods) {
    router
        .options(path)
        .handler(
            ctx ->
                ctx.response().setStatusCode(204).putHeader("allow", methods + ", OPTIONS").end());
  }

  /**
   * Adds the status page: {@code /status} (the page and its assets, uPlot under {@code
   * /status/vendor/}) and {@code /status/summary.json}. Call before {@link #listen}.
   */
  public ApiServer withStatusPage(StatusRoute status) {
    // The page itself at /status and /status/, without a redirect.
    router.getWithRegex("/status/?").handler(ctx -> ctx.reroute("/status/index.html"));
    router.get("/status/summary.json").handler(status::summary);
    router.get("/status/vendor/*").handler(StaticHandler.create(StatusRoute.UPLOT_DIST));
    router.get("/status/*").handler(StaticHandler.create(StatusRoute.WEBROOT));
    return this;
  }

  /**
   * Puts every route but the open ones ({@link RouteAccess}) behind {@code authenticator}. Call
   * before {@link #listen}.
   */
  public ApiServer withAuthentication(Authenticator authenticator) {
    router.route().order(AUTHENTICATOR_ORDER).handler(authenticator);
    return this;
  }

  /**
   * Serves {@code /internal/*} to signed calls only. Unsigned calls are refused before their body
   * is read; a signed one's body is read (up to the largest peer query) to check the signature.
   * Call before {@link #listen}.
   */
  public ApiServer withPeerGuard(PeerGuard guard) {
    // Two routes: Vert.x reads a body only in a route's first handlers.
    router
        .route(RouteAccess.INTERNAL_PREFIX + "*")
        .order(PEER_GUARD_ORDER - 1)
        .handler(guard::requireSigned);
    router
        .route(RouteAccess.INTERNAL_PREFIX + "*")
        .order(PEER_GUARD_ORDER)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_PEER_BODY))
        .handler(guard);
    return this;
  }

  /** Serves https with the certificate and key of {@code files}. Call before {@link #listen}. */
  public ApiServer withTls(TlsFiles files) {
    this.tls = files;
    return this;
  }

  /**
   * Adds the abuse limits: each client's rate limits on searches and on writes (429 with {@code
   * Retry-After} over them; peers' routes and health are not limited), answers in JSON to requests
   * whose head is over {@link RequestHeadLimits}, and counts every refusal in {@value
   * Refusals#METER} in {@code registry}. The decode queue and the body timeout are set where the
   * decode budget and the body handler are made. Call before {@link #listen}.
   */
  public ApiServer withRequestLimits(RequestLimits limits, MeterRegistry registry) {
    Refusals refusals = new Refusals(registry);
    headLimits = new RequestHeadLimits(refusals);
    // Before every other handler: the counting sees every answer, the limits come before bodies.
    router.route().order(-100).handler(refusals::watch);
    // One bucket per client for each kind: GET and POST searches count together, as do writes.
    router.route().order(RateLimitHandler.ROUTE_ORDER).handler(ClientRateLimits.of(limits));
    return this;
  }

  /**
   * Adds the pages people use: search at {@code /}, {@code /ui/...}, {@code /openapi.json} and
   * {@code /api-docs}. Call before {@link #listen}.
   */
  public ApiServer withPages(WebPages pages) {
    pages.addTo(router);
    return this;
  }

  /**
   * A route as the router holds it.
   *
   * @param method the HTTP method
   * @param path the path, with {@code :name} parameters
   * @param prefix whether the route takes every path under {@code path} (static files)
   */
  public record RouteInfo(String method, String path, boolean prefix) {}

  /**
   * Every route with a plain path (not a pattern) and methods, in the router's order: what the API
   * description is checked against.
   */
  public List<RouteInfo> routes() {
    List<RouteInfo> out = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      // A pattern route has no path; one with :params has both its path and a regex.
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      route
          .methods()
          .forEach(m -> out.add(new RouteInfo(m.name(), route.getPath(), !route.isExactPath())));
    }
    return out;
  }

  /** Starts listening; the future completes with the bound port. */
  public Future<Integer> listen(String host, int port) {
    HttpServerOptions options =
        RequestHeadLimits.applyTo(new HttpServerOptions().setCompressionSupported(true));
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(tls.keyCert());
    }
    HttpServer created = vertx.createHttpServer(options);
    if (headLimits != null) {
      created.invalidRequestHandler(headLimits.invalidRequests());
    }
    return created
        .requestHandler(router)
        .listen(port, host)
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  /**
   * Refuses new requests (503), lets those in flight finish for up to {@code grace}, then stops
   * listening: a node stopped for a restart answers what it was asked.
   */
  public Future<Void> shutdown(Duration grace) {
    if (server == null) {
      return Future.succeededFuture();
    }
    inFlight.stop();
    return inFlight.drained(vertx, grace).compose(drained -> server.close());
  }

  /** Stops listening and closes every connection at once, requests in flight too. */
  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
