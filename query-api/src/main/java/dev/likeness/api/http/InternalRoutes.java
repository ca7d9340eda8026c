package dev.likeness.api.http;

import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.SearchJson;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.QueryCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;

/** Endpoints other instances call during a fan-out: search the local partitions, fetch a record. */
public final class InternalRoutes {
  private final Vertx vertx;
  private final FanOutSearch search;

  /** Serves the local partitions of {@code search}. */
  public InternalRoutes(Vertx vertx, FanOutSearch search) {
    this.vertx = vertx;
    this.search = search;
  }

  /**
   * {@code POST /internal/search} with {@code {"query": base64 query features, "k": n, "threshold":
   * t, "partitions": [p...], "stale": bool}}: searches those partitions here (from standby or
   * restoring copies too if {@code stale}) and says, per partition, how it answered.
   */
  public void search(RoutingContext ctx) {
    JsonObject body;
    MatchFeatures query;
    Set<Integer> partitions = new TreeSet<>();
    try {
      body = ctx.body().asJsonObject();
      query = QueryCodec.decode(body.getBinary("query"));
      body.getJsonArray("partitions").forEach(p -> partitions.add(((Number) p).intValue()));
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "expected {\"query\": base64 query features, \"k\": n, \"threshold\": t, "
              + "\"partitions\": [p...], \"stale\": bool}: "
              + e.getMessage());
    }
    int k = body.getInteger("k", SearchParams.DEFAULT_K);
    int threshold = body.getInteger("threshold", SearchParams.DEFAULT_THRESHOLD);
    if (k < 1 || k > 1000 || threshold < 0 || threshold > 256) {
      throw ApiException.badRequest("k 1-1000, threshold 0-256");
    }
    search
        .searchLocally(query, k, threshold, partitions, body.getBoolean("stale", false))
        .onSuccess(
            answers ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(SearchJson.internalAnswers(answers).encode()))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /internal/records/:id?stale=}: the binary feature record from a local copy of its
   * partition (a standby or restoring one too if {@code stale}).
   */
  public void record(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    boolean stale = Boolean.parseBoolean(RequestUrl.param(ctx, "stale"));
    vertx
        .executeBlocking(() -> search.recordHere(id, search.keyHosts(id).partition(), stale), false)
        .onSuccess(
            r -> {
              if (r.isEmpty()) {
                ErrorResponses.send(
                    ctx, 404, "no indexed image with id '" + id + "' on this instance");
              } else {
                ctx.response()
                    .putHeader("content-type", "application/octet-stream")
                    .end(Buffer.buffer(FeatureRecordCodec.encode(r.get())));
              }
            })
        .onFailure(ctx::fail);
  }
}
