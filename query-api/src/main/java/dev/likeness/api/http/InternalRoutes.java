package dev.likeness.api.http;

import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.SearchHit;
import dev.likeness.api.search.SearchJson;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.QueryCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

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
   * t}}.
   */
  public void search(RoutingContext ctx) {
    JsonObject body;
    MatchFeatures query;
    try {
      body = ctx.body().asJsonObject();
      query = QueryCodec.decode(body.getBinary("query"));
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "expected {\"query\": base64 query features, \"k\": n, \"threshold\": t}: "
              + e.getMessage());
    }
    int k = body.getInteger("k", SearchParams.DEFAULT_K);
    int threshold = body.getInteger("threshold", SearchParams.DEFAULT_THRESHOLD);
    if (k < 1 || k > 1000 || threshold < 0 || threshold > 256) {
      throw ApiException.badRequest("k 1-1000, threshold 0-256");
    }
    search
        .searchLocally(query, k, threshold)
        .onSuccess(
            hits -> {
              JsonArray array = new JsonArray();
              for (SearchHit h : hits) {
                array.add(SearchJson.internalHit(h));
              }
              ctx.response()
                  .putHeader("content-type", "application/json")
                  .end(new JsonObject().put("hits", array).encode());
            })
        .onFailure(ctx::fail);
  }

  /** {@code GET /internal/records/:id}: the binary feature record from a local partition. */
  public void record(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx
        .executeBlocking(() -> search.localRecord(id), false)
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
