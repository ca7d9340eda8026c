package dev.likeness.api.http;

import dev.likeness.api.health.NodeHealth;
import dev.likeness.api.lag.LocalLagView;
import dev.likeness.api.metrics.SearchMetrics;
import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.PeerClient;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.ingest.publish.ImagePublisher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** The HTTP API of a node: routes wired to the search, image and health handlers. */
public final class ApiServer {
  private final Vertx vertx;
  private final Router router;
  private HttpServer server;

  /**
   * Wires the routes.
   *
   * @param maxImageBytes largest accepted image; larger bodies get 413
   * @param uploadsDir where multipart uploads are spooled (deleted after each request)
   * @param metrics the registry {@code /metrics} serves and searches are timed in
   * @param degradedReason why a ready node serves stale answers (lag), if it does
   * @param lag the node's view of the indexer's lag, for {@code GET /lag}
   */
  public ApiServer(Vertx vertx, KafkaStreams streams, FanOutSearch search, FeatureExtractor extractor,
      ImagePublisher publisher, int maxImageBytes, Path uploadsDir, PrometheusMeterRegistry metrics,
      Supplier<Optional<String>> degradedReason, LocalLagView lag) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    SearchRoute searchRoute = new SearchRoute(vertx, search, extractor, new SearchMetrics(metrics));
    ImageRoutes images = new ImageRoutes(vertx, publisher, search, maxImageBytes);
    InternalRoutes internal = new InternalRoutes(vertx, search);
    HealthRoute health = new HealthRoute(new NodeHealth(streams, search.local(), degradedReason));
    MetricsRoute metricsRoute = new MetricsRoute(vertx, metrics);
    LagRoute lagRoute = new LagRoute(vertx, lag);

    // Multipart framing adds a little to the image itself.
    BodyHandler body = BodyHandler.create(uploadsDir.toString())
        .setBodyLimit(maxImageBytes + 64 * 1024)
        .setDeleteUploadedFilesOnEnd(true)
        .setMergeFormAttributes(false);
    // curl --data-binary labels raw bytes as a URL-encoded form; no route here takes such forms,
    // so treat those bodies as the raw image rather than let the form decoder choke on them.
    router.post().handler(ctx -> {
      String type = ctx.request().getHeader("content-type");
      if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        ctx.request().headers().set("content-type", "application/octet-stream");
      }
      ctx.next();
    });
    router.post("/search").handler(body).handler(searchRoute::byImage);
    router.get("/search").handler(searchRoute::byQuery);
    router.post("/images").handler(body).handler(images::publish);
    router.get("/images/:id/thumbnail").handler(images::thumbnail);
    router.get("/images/:id").handler(images::describe);
    router.delete("/images/:id").handler(images::delete);
    router.get("/health").handler(health::ready);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(metricsRoute::handle);
    router.get("/lag").handler(lagRoute::handle);
    // A peer's query carries keypoints and a 512 px grey frame: a few hundred KB in base64.
    router.post(PeerClient.SEARCH_PATH).handler(BodyHandler.create(false).setBodyLimit(2 * 1024 * 1024))
        .handler(internal::search);
    router.get(PeerClient.RECORD_PATH + ":id").handler(internal::record);
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(ctx -> ErrorResponses.handle(ctx, ctx.failure()));
  }

  /**
   * Adds the status page: {@code /status} (the page and its assets, uPlot under
   * {@code /status/vendor/}) and {@code /status/summary.json}. Call before {@link #listen}.
   */
  public ApiServer withStatusPage(StatusRoute status) {
    // The page itself at /status and /status/, without a redirect.
    router.getWithRegex("/status/?").handler(ctx -> ctx.reroute("/status/index.html"));
    router.get("/status/summary.json").handler(status::summary);
    router.get("/status/vendor/*").handler(StaticHandler.create(StatusRoute.UPLOT_DIST));
    router.get("/status/*").handler(StaticHandler.create(StatusRoute.WEBROOT));
    return this;
  }

  /** Starts listening; the future completes with the bound port. */
  public Future<Integer> listen(String host, int port) {
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router)
        .listen(port, host)
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  /** Stops listening. */
  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
