package dev.likeness.api.search;

import dev.likeness.core.record.FeatureRecord;
import dev.likeness.core.record.FeatureRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Calls the internal endpoints of other instances of the application. */
public final class PeerClient {
  /** Path of the internal search endpoint. */
  public static final String SEARCH_PATH = "/internal/search";
  /** Path prefix of the internal record lookup. */
  public static final String RECORD_PATH = "/internal/records/";

  private final WebClient client;
  private final long timeoutMs;

  /** A client whose calls fail after {@code timeoutMs}. */
  public PeerClient(Vertx vertx, long timeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
    this.timeoutMs = timeoutMs;
  }

  /** Searches the local partitions of {@code peer} with a query in its {@link dev.likeness.core.match.QueryCodec} form. */
  public Future<List<SearchHit>> search(HostInfo peer, byte[] query, int k, int threshold) {
    JsonObject body = new JsonObject().put("query", query).put("k", k).put("threshold", threshold);
    return client.post(peer.port(), peer.host(), SEARCH_PATH)
        .timeout(timeoutMs)
        .sendJsonObject(body)
        .map(resp -> {
          if (resp.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + resp.bodyAsString());
          }
          return SearchJson.internalHits(resp.bodyAsJsonObject().getJsonArray("hits"));
        });
  }

  /** The record of {@code id} held by {@code peer}, without thumbnail unless asked. */
  public Future<Optional<FeatureRecord>> record(HostInfo peer, String id) {
    return client.get(peer.port(), peer.host(), RECORD_PATH + URLEncoder.encode(id, StandardCharsets.UTF_8))
        .timeout(timeoutMs)
        .send()
        .map(resp -> {
          if (resp.statusCode() == 404) {
            return Optional.<FeatureRecord>empty();
          }
          if (resp.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + resp.bodyAsString());
          }
          return Optional.of(FeatureRecordCodec.decode(resp.body().getBytes()));
        });
  }

  /** Releases connections. */
  public void close() {
    client.close();
  }
}
