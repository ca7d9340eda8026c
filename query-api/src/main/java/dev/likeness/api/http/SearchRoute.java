package dev.likeness.api.http;

import dev.likeness.api.decode.DecodeBudget;
import dev.likeness.api.decode.DecodeBudgetExceededException;
import dev.likeness.api.decode.DecodeQueueFullException;
import dev.likeness.api.limit.RefusalReason;
import dev.likeness.api.limit.Refusals;
import dev.likeness.api.metrics.SearchMetrics;
import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.HedgedCall;
import dev.likeness.api.search.IndexUnavailableException;
import dev.likeness.api.search.NoSuchImageException;
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
import org.apache.kafka.streams.state.HostInfo;

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

  // How long a search by id keeps asking while no copy of the id's partition answers, and the
  // pause between asks: a partition changing hands is away for about a second.
  private static final Duration ID_RETRY = Duration.ofMillis(1500);
  private static final Duration ID_RETRY_PAUSE = Duration.ofMillis(100);

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
   * Retry-After}; so it does at once when the budget's queue of waiting decodes is full.
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
                ctx.put(Refusals.REASON_KEY, RefusalReason.DECODE_WAIT);
                ctx.response()
                    .putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                ctx.fail(new ApiException(503, busy.getMessage()));
              } else if (failure instanceof DecodeQueueFullException full) {
                ctx.put(Refusals.REASON_KEY, RefusalReason.DECODE_QUEUE_FULL);
                ctx.response().putHeader("Retry-After", Long.toString(DECODE_WAIT.toSeconds()));
                ctx.fail(new ApiException(503, full.getMessage()));
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
    byId(id, params, start, System.nanoTime() + ID_RETRY.toNanos())
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof NoSuchImageException ? ApiException.notFound(e.getMessage()) : e))
        .onSuccess(json -> metrics.idSearch(System.nanoTime() - start))
        .onSuccess(json -> ok(ctx, json.put("queryId", id).put("tookMs", tookMs(start))))
        .onFailure(ctx::fail);
  }

  /**
   * The search by id, run by the instance that holds the id: it reads the record there and runs the
   * search, so the record is not shipped. If that instance cannot answer, a copy of the partition
   * here or on a standby can. While the partition changes hands no copy may answer for a moment:
   * then it is asked again with fresh metadata, after a short pause, until {@code deadline}.
   */
  private Future<JsonObject> byId(String id, SearchParams params, long start, long deadline) {
    FanOutSearch.KeyHosts key;
    try {
      key = search.keyHosts(id);
    } catch (IndexUnavailableException e) {
      return Future.failedFuture(e);
    }
    Future<JsonObject> answer =
        key.active() == null
            ? searchHere(id, key.partition(), false, params, start)
                .recover(
                    e ->
                        e instanceof IndexUnavailableException
                            ? fromCopies(id, key, params, start, e)
                            : Future.failedFuture(e))
            : hedged(id, key, params, start);
    return answer.recover(
        e ->
            e instanceof IndexUnavailableException && System.nanoTime() - deadline < 0
                ? vertx
                    .timer(ID_RETRY_PAUSE.toMillis())
                    .compose(t -> byId(id, params, start, deadline))
                : Future.failedFuture(e));
  }

  /**
   * The search by id on the id's active instance, a peer. If it has not answered after the hedge
   * delay, the other copies are asked too and the first answer serves; if it cannot answer, the
   * other copies' answer serves. An active instance that says the image is not indexed is believed.
   */
  private Future<JsonObject> hedged(
      String id, FanOutSearch.KeyHosts key, SearchParams params, long start) {
    return HedgedCall.of(
        vertx,
        search.watched(
            key.active(),
            search.peers().searchById(key.active(), id, params.k(), params.threshold(), false)),
        search.hedgeDelayMs(),
        e -> e instanceof IndexUnavailableException,
        why -> fromCopies(id, key, params, start, why));
  }

  /** The search by id from the other copies of the id's partition, after its active one failed. */
  private Future<JsonObject> fromCopies(
      String id, FanOutSearch.KeyHosts key, SearchParams params, long start, Throwable cause) {
    Future<JsonObject> next = Future.failedFuture(cause);
    if (key.active() == null || key.standbyHere()) {
      next = next.recover(e -> searchHere(id, key.partition(), true, params, start));
    }
    for (HostInfo standby : key.standbys()) {
      next =
          next.recover(
              e ->
                  e instanceof IndexUnavailableException
                      ? search.watched(
                          standby,
                          search
                              .peers()
                              .searchById(standby, id, params.k(), params.threshold(), true))
                      : Future.failedFuture(e));
    }
    return next;
  }

  /**
   * {@code GET /internal/search-by-id?id=&k=&threshold=&stale=}: the search by id run here, from
   * this instance's copy of the id's partition (a standby or restoring one too if {@code stale}).
   */
  public void byIdHere(RoutingContext ctx) {
    long start = System.nanoTime();
    String id = RequestUrl.param(ctx, "id");
    if (id == null) {
      throw ApiException.badRequest("parameter 'id' is required");
    }
    SearchParams params = SearchParams.from(ctx);
    boolean stale = Boolean.parseBoolean(RequestUrl.param(ctx, "stale"));
    searchHere(id, search.keyHosts(id).partition(), stale, params, start)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof NoSuchImageException ? ApiException.notFound(e.getMessage()) : e))
        .onSuccess(json -> ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> searchHere(
      String id, int partition, boolean stale, SearchParams params, long start) {
    return search
        .localQuery(id, partition, stale)
        .compose(
            q -> {
              if (q.isEmpty()) {
                return Future.failedFuture(new NoSuchImageException(id));
              }
              FanOutSearch.LocalQuery read = q.get();
              return search
                  .search(read.features(), params.k(), params.threshold())
                  .map(r -> read.stale() ? r.withStale(read.partition(), read.lag()) : r)
                  .map(r -> render(read.features(), params, r, start));
            });
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
            .put("partial", result.partial())
            .put("stale", result.stale());
    if (result.partial()) {
      json.put("missingPartitions", new JsonArray(result.missingPartitions().stream().toList()))
          .put("failures", new JsonArray(result.failures()));
    }
    if (result.stale()) {
      JsonArray stale = new JsonArray();
      result
          .stalePartitions()
          .forEach(
              (p, lag) ->
                  stale.add(new JsonObject().put("partition", p).put("lag", lag < 0 ? null : lag)));
      json.put("stalePartitions", stale);
    }
    return json.put("tookMs", tookMs(start));
  }

  private static double tookMs(long start) {
    return Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
  }

  private static void ok(RoutingContext ctx, JsonObject json) {
    ctx.response().putHeader("content-type", "application/json").end(json.encode());
  }
}
