package dev.likeness.api.http;

import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.ImageListing;
import dev.likeness.api.search.SearchJson;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /images?limit=&after=}: pages through every indexed image, and the internal listing of
 * one instance's partitions that the pages are merged from.
 */
public final class ListingRoute {
  /** Images per page unless {@code limit} says otherwise. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest {@code limit}. */
  public static final int MAX_LIMIT = 1000;

  private final Vertx vertx;
  private final FanOutSearch search;
  private final ImageListing listing;

  /** Lists what {@code search} can reach. */
  public ListingRoute(Vertx vertx, FanOutSearch search) {
    this.vertx = vertx;
    this.search = search;
    this.listing = new ImageListing(vertx, search);
  }

  /** {@code GET /images}: one page, with the cursor of the next one. */
  public void page(RoutingContext ctx) {
    int limit = SearchParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String cursor = RequestUrl.param(ctx, "after");
    String after = cursor == null || cursor.isEmpty() ? null : ListingCursor.id(cursor);
    listing
        .page(after, limit)
        .onSuccess(
            page -> {
              JsonArray images = new JsonArray();
              page.images().forEach(i -> images.add(SearchJson.image(i.id(), i.record())));
              JsonObject body =
                  new JsonObject()
                      .put("images", images)
                      .put("next", page.last() == null ? null : ListingCursor.after(page.last()))
                      .put("partial", !page.failed().isEmpty())
                      .put("stale", !page.stale().isEmpty());
              if (!page.stale().isEmpty()) {
                body.put("stalePartitions", new JsonArray(List.copyOf(page.stale())));
              }
              if (!page.failed().isEmpty()) {
                body.put("missingPartitions", new JsonArray(List.copyOf(page.failed().keySet())))
                    .put("failures", new JsonArray(List.copyOf(page.failed().values())));
              }
              ctx.response()
                  .putHeader("content-type", "application/json")
                  .putHeader("cache-control", "no-store")
                  .end(body.encode());
            })
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /internal/images?partitions=0,1&limit=&after=&stale=}: the first images after {@code
   * after} (an id, not a cursor) of those partitions here.
   */
  public void local(RoutingContext ctx) {
    int limit = SearchParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT + 1);
    String after = RequestUrl.param(ctx, "after");
    boolean stale = Boolean.parseBoolean(RequestUrl.param(ctx, "stale"));
    Set<Integer> partitions = new TreeSet<>();
    String raw = RequestUrl.param(ctx, "partitions");
    try {
      for (String p : (raw == null ? "" : raw).split(",")) {
        if (!p.isBlank()) {
          partitions.add(Integer.parseInt(p.strip()));
        }
      }
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("parameter 'partitions' must be numbers separated by commas");
    }
    vertx
        .executeBlocking(() -> search.local().list(after, limit, partitions, stale), false)
        .onSuccess(
            l ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(SearchJson.internalListing(l).encode()))
        .onFailure(ctx::fail);
  }
}
