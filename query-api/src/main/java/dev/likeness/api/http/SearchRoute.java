package dev.likeness.api.http;

import dev.likeness.api.decode.DecodeBudget;
import dev.likeness.api.decode.DecodeBudgetExceededException;
import dev.likeness.api.metrics.SearchMetrics;
import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.SearchHit;
import dev.likeness.api.search.SearchJson;
import dev.likeness.api.search.SearchResult;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.record.ImageId;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /search} with an image, and {@code GET /search?id=} for images like an indexed one.
 */
public final class SearchRoute {
  // A hash computed elsewhere comes without its quality: trust it as a detailed image's.
  private static final int HASH_QUERY_QUALITY = 100;

  /**
   * How long an image search waits for its share of the decode budget; also its 503's {@code
   * Retry-After}.
   */
  static final Duration DECODE_WAIT = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final FanOutSearch search;
  private final FeatureExtractor extractor;
  private final SearchMetrics metrics;
  private final DecodeBudget decodeBudget;

  /**
   * Searches through {@code search}, hashing uploaded queries with {@code extractor} within {@code
   * decodeBudget}; times answers in {@code metrics}.
   */
  public SearchRoute(
      Vertx vertx,
      FanOutSearch search,
      FeatureExtractor extractor,
      DecodeBudget decodeBudget,
      SearchMetrics metrics) {
    this.vertx = vertx;
    this.decodeBudget = decodeBudget;
    this.search = search;
    this.extractor = extractor;
    this.metrics = metrics;
  }

  /**
   * {@code POST /search}: multipart field {@code image} or a raw image body. The decode waits up to
   * {@link #DECODE_WAIT} for its share of the decode budget, else the answer is 503 with {@code
   * Retry-After}.
   */
  public void byImage(RoutingContext ctx) {
    long start = System.nanoTime();
    SearchParams params = SearchParams.from(ctx);
    UploadedImage.read(vertx, ctx)
        .compose(
            img -> {
              // The wait counts from here, so time queued for a worker thread is part of it.
              long deadline = System.nanoTime() + DECODE_WAIT.toNanos();
              return vertx.executeBlocking(
                  () -> featuresWithinBudget(img.bytes(), deadline), false);
            })
        .compose(query -> run(query, params, start))
        .onSuccess(json -> metrics.imageSearch(System.nanoTime() - start))
        .onSuccess(json -> ok(ctx, json))
        .onFailure(
            failure -> {
              if (failure instanceof DecodeBudgetExceededException busy) {
                ctx.response()
                    .putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                ctx.fail(new ApiException(503, busy.getMessage()));
              } else {
                ctx.fail(failure);
              }
            });
  }

  private MatchFeatures featuresWithinBudget(byte[] image, long deadline) throws Exception {
    long footprint = extractor.decodeFootprint(image);
    Duration wait = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    Optional<DecodeBudget.Lease> lease = decodeBudget.tryAcquire(footprint, wait);
    if (lease.isEmpty()) {
      throw new DecodeBudgetExceededException(footprint, DECODE_WAIT, DECODE_WAIT);
    }
    // Held until the features are computed: the decoded pixels live that long.
    try (DecodeBudget.Lease held = lease.get()) {
      return extractor.queryFeatures(image);
    }
  }

  /**
   * {@code GET /search?id=ID}: images like the indexed image {@code ID}; or {@code GET
   * /search?pdq=HEX}: images within the threshold of a PDQ hash computed elsewhere (its plain form
   * only).
   */
  public void byQuery(RoutingContext ctx) {
    long start = System.nanoTime();
    String id = RequestUrl.param(ctx, "id");
    String pdq = RequestUrl.param(ctx, "pdq");
    if ((id == null) == (pdq == null)) {
      throw ApiException.badRequest(
          "GET /search needs either ?id=ID of an indexed image or ?pdq=64 hex digits; "
              + "to search with an image, POST it to /search");
    }
    SearchParams params = SearchParams.from(ctx);
    if (pdq != null) {
      Hash256 hash;
      try {
        hash = Hash256.fromHex(pdq.strip().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("parameter 'pdq' must be a PDQ hash of 64 hex digits");
      }
      run(MatchFeatures.ofHash(hash, HASH_QUERY_QUALITY), params, start)
          .onSuccess(json -> metrics.hashSearch(System.nanoTime() - start))
          .onSuccess(json -> ok(ctx, json))
          .onFailure(ctx::fail);
      return;
    }
    try {
      ImageId.validate(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("parameter 'id': " + e.getMessage());
    }
    search
        .indexedQuery(id)
        .compose(
            q ->
                q.<Future<MatchFeatures>>map(Future::succeededFuture)
                    .orElseGet(
                        () ->
                            Future.failedFuture(
                                ApiException.notFound("no indexed image with id '" + id + "'"))))
        .compose(query -> run(query, params, start))
        .onSuccess(json -> metrics.idSearch(System.nanoTime() - start))
        .onSuccess(json -> ok(ctx, json.put("queryId", id)))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> run(MatchFeatures query, SearchParams params, long start) {
    return search
        .search(query, params.k(), params.threshold())
        .map(result -> render(query, params, result, start));
  }

  private static JsonObject render(
      MatchFeatures q, SearchParams params, SearchResult result, long start) {
    JsonArray matches = new JsonArray();
    for (SearchHit h : result.hits()) {
      matches.add(SearchJson.hit(h));
    }
    JsonObject query =
        new JsonObject()
            .put("pdq", q.whole().original().toHex())
            .put(
                "quality",
                q.whole().quality() == HASH_QUERY_QUALITY && q.keypoints() == null
                    ? null
                    : q.whole().quality())
            .put("keypoints", q.keypoints() == null ? 0 : q.keypoints().count())
            .put("k", params.k())
            .put("threshold", params.threshold());
    JsonObject json =
        new JsonObject()
            .put("query", query)
            .put("matches", matches)
            .put("partial", result.partial());
    if (result.partial()) {
      json.put("missingPartitions", new JsonArray(result.missingPartitions().stream().toList()))
          .put("failures", new JsonArray(result.failures()));
    }
    return json.put("tookMs", Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
  }

  private static void ok(RoutingContext ctx, JsonObject json) {
    ctx.response().putHeader("content-type", "application/json").end(json.encode());
  }
}
