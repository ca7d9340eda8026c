package dev.likeness.api.search;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.FeatureRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.state.HostInfo;

/** Calls the internal endpoints of other instances of the application. */
public final class PeerClient {
  /** Path of the internal search endpoint. */
  public static final String SEARCH_PATH = "/internal/search";

  /** Path prefix of the internal record lookup. */
  public static final String RECORD_PATH = "/internal/records/";

  /** Path of the internal listing of a peer's partitions. */
  public static final String IMAGES_PATH = "/internal/images";

  /** Path of the internal search by id, run by the instance that holds the id. */
  public static final String SEARCH_BY_ID_PATH = "/internal/search-by-id";

  private final WebClient client;
  private final long timeoutMs;

  /** A client whose calls fail after {@code timeoutMs}. */
  public PeerClient(Vertx vertx, long timeoutMs) {
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(32));
    this.timeoutMs = timeoutMs;
  }

  /**
   * Searches {@code partitions} of {@code peer} with a query in its {@link
   * dev.likeness.core.match.QueryCodec} form; from its stale copies too if {@code stale}.
   */
  public Future<PartitionAnswers> search(
      HostInfo peer, byte[] query, int k, int threshold, Set<Integer> partitions, boolean stale) {
    JsonObject body =
        new JsonObject()
            .put("query", query)
            .put("k", k)
            .put("threshold", threshold)
            .put("partitions", new JsonArray(List.copyOf(partitions)))
            .put("stale", stale);
    return client
        .post(peer.port(), peer.host(), SEARCH_PATH)
        .timeout(timeoutMs)
        .sendJsonObject(body)
        .recover(e -> Future.failedFuture(unreachable(peer, e)))
        .map(
            resp -> {
              if (resp.statusCode() != 200) {
                throw answered(peer, resp.statusCode(), resp.bodyAsString());
              }
              return SearchJson.internalAnswers(resp.bodyAsJsonObject());
            });
  }

  /**
   * Asks {@code peer}, which holds {@code id}'s partition, to run the search by id from its copy (a
   * stale one too if {@code stale}) and answer it as {@code GET /search?id=} does.
   */
  public Future<JsonObject> searchById(
      HostInfo peer, String id, int k, int threshold, boolean stale) {
    return client
        .get(peer.port(), peer.host(), SEARCH_BY_ID_PATH)
        .addQueryParam("id", id)
        .addQueryParam("k", Integer.toString(k))
        .addQueryParam("threshold", Integer.toString(threshold))
        .addQueryParam("stale", Boolean.toString(stale))
        .timeout(timeoutMs)
        .send()
        .recover(e -> Future.failedFuture(unreachable(peer, e)))
        .map(
            resp -> {
              if (resp.statusCode() == 200) {
                return resp.bodyAsJsonObject();
              }
              if (resp.statusCode() == 404) {
                throw new NoSuchImageException(id);
              }
              throw answered(peer, resp.statusCode(), resp.bodyAsString());
            });
  }

  /**
   * The first {@code limit} images after {@code after} (null: from the first) in each of {@code
   * partitions} of {@code peer}, merged; from its stale copies too if {@code stale}.
   */
  public Future<PartitionListing> list(
      HostInfo peer, String after, int limit, Set<Integer> partitions, boolean stale) {
    HttpRequest<Buffer> request =
        client
            .get(peer.port(), peer.host(), IMAGES_PATH)
            .addQueryParam("limit", Integer.toString(limit))
            .addQueryParam(
                "partitions", String.join(",", partitions.stream().map(String::valueOf).toList()))
            .addQueryParam("stale", Boolean.toString(stale));
    if (after != null) {
      request.addQueryParam("after", after);
    }
    return request
        .timeout(timeoutMs)
        .send()
        .recover(e -> Future.failedFuture(unreachable(peer, e)))
        .map(
            resp -> {
              if (resp.statusCode() != 200) {
                throw answered(peer, resp.statusCode(), resp.bodyAsString());
              }
              return SearchJson.internalListing(resp.bodyAsJsonObject());
            });
  }

  /** The record of {@code id} held by {@code peer}, without thumbnail unless asked. */
  public Future<Optional<FeatureRecord>> record(HostInfo peer, String id, boolean stale) {
    return client
        .get(peer.port(), peer.host(), RECORD_PATH + URLEncoder.encode(id, StandardCharsets.UTF_8))
        .addQueryParam("stale", Boolean.toString(stale))
        .timeout(timeoutMs)
        .send()
        .recover(e -> Future.failedFuture(unreachable(peer, e)))
        .map(
            resp -> {
              if (resp.statusCode() == 404) {
                return Optional.<FeatureRecord>empty();
              }
              if (resp.statusCode() != 200) {
                throw answered(peer, resp.statusCode(), resp.bodyAsString());
              }
              return Optional.of(FeatureRecordCodec.decode(resp.body().getBytes()));
            });
  }

  /**
   * A call that reached no answer: a peer that is down, restarting or cut off is a transient state
   * of the cluster ({@link IndexUnavailableException}); anything else stays what it is.
   */
  private static Throwable unreachable(HostInfo peer, Throwable e) {
    if (e instanceof ConnectException
        || e instanceof TimeoutException
        || e instanceof HttpClosedException
        || e instanceof UnknownHostException
        || e instanceof SocketException) {
      return new IndexUnavailableException(
          "the instance "
              + peer.host()
              + ":"
              + peer.port()
              + " that holds this part of the index did not answer ("
              + e.getMessage()
              + "); retry shortly");
    }
    return e;
  }

  // A peer whose own index is not available (rebalancing, starting) says 503: so does this node.
  private static RuntimeException answered(HostInfo peer, int status, String body) {
    String who = "the instance " + peer.host() + ":" + peer.port();
    return status == 503
        ? new IndexUnavailableException(who + " cannot answer now: " + body)
        : new IllegalStateException(who + " answered HTTP " + status + ": " + body);
  }

  /** Releases connections. */
  public void close() {
    client.close();
  }
}
