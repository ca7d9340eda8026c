package dev.likeness.api.search;

import dev.likeness.api.auth.ClusterSecret;
import dev.likeness.api.tls.TlsFiles;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.FeatureRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the internal endpoints of other instances of the application, every call signed with the
 * cluster's secret, over https when the API has TLS.
 */
public final class PeerClient {
  private static final Logger log = LoggerFactory.getLogger(PeerClient.class);

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
  private final ClusterSecret secret;
  private final Clock clock;

  /**
   * A client whose calls fail after {@code timeoutMs}, signed with {@code secret}; over https,
   * trusting {@link TlsFiles#peerTrust()}, if {@code tls} is given.
   */
  public PeerClient(
      Vertx vertx, long timeoutMs, ClusterSecret secret, Optional<TlsFiles> tls, Clock clock) {
    WebClientOptions options = new WebClientOptions().setKeepAlive(true);
    tls.ifPresent(t -> options.setSsl(true).setVerifyHost(true).setTrustOptions(t.peerTrust()));
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(32));
    this.timeoutMs = timeoutMs;
    this.secret = secret;
    this.clock = clock;
  }

  /** Sends a call with the signature headers over its method, target, time and body. */
  private Future<HttpResponse<Buffer>> send(
      HostInfo peer, HttpMethod method, String pathAndQuery, Buffer body) {
    long now = clock.instant().getEpochSecond();
    HttpRequest<Buffer> request =
        client
            .request(method, peer.port(), peer.host(), pathAndQuery)
            .timeout(timeoutMs)
            .putHeader(ClusterSecret.TIMESTAMP_HEADER, Long.toString(now))
            .putHeader(
                ClusterSecret.SIGNATURE_HEADER,
                secret.sign(method.name(), pathAndQuery, now, body.getBytes()));
    Future<HttpResponse<Buffer>> sent =
        body.length() == 0
            ? request.send()
            : request.putHeader("content-type", "application/json").sendBuffer(body);
    return sent.recover(e -> Future.failedFuture(unreachable(peer, e)));
  }

  private static String query(String path, String... namesAndValues) {
    StringBuilder out = new StringBuilder(path);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.append(i == 0 ? '?' : '&')
          .append(namesAndValues[i])
          .append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return out.toString();
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
    return send(peer, HttpMethod.POST, SEARCH_PATH, body.toBuffer())
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
    String target =
        query(
            SEARCH_BY_ID_PATH,
            "id",
            id,
            "k",
            Integer.toString(k),
            "threshold",
            Integer.toString(threshold),
            "stale",
            Boolean.toString(stale));
    return send(peer, HttpMethod.GET, target, Buffer.buffer())
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
    List<String> params = new ArrayList<>();
    params.addAll(List.of("limit", Integer.toString(limit)));
    params.addAll(
        List.of("partitions", String.join(",", partitions.stream().map(String::valueOf).toList())));
    params.addAll(List.of("stale", Boolean.toString(stale)));
    if (after != null) {
      params.addAll(List.of("after", after));
    }
    return send(
            peer,
            HttpMethod.GET,
            query(IMAGES_PATH, params.toArray(String[]::new)),
            Buffer.buffer())
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
    String target =
        query(
            RECORD_PATH + URLEncoder.encode(id, StandardCharsets.UTF_8),
            "stale",
            Boolean.toString(stale));
    return send(peer, HttpMethod.GET, target, Buffer.buffer())
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
    if (status == 401) {
      String why =
          who
              + " refused this node's signed call (HTTP 401: "
              + body
              + "): do the nodes share --cluster-secret-file?";
      log.warn(why);
      return new IllegalStateException(why);
    }
    return status == 503
        ? new IndexUnavailableException(who + " cannot answer now: " + body)
        : new IllegalStateException(who + " answered HTTP " + status + ": " + body);
  }

  /** How long a call may take before it fails. */
  public long timeoutMs() {
    return timeoutMs;
  }

  /** Releases connections. */
  public void close() {
    client.close();
  }
}
