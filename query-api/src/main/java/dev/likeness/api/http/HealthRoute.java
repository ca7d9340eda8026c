package dev.likeness.api.http;

import dev.likeness.api.search.LocalIndex;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.streams.KafkaStreams;

/** {@code GET /health}: 200 when the stream runs and the index answers, 503 otherwise. */
public final class HealthRoute {
  private final KafkaStreams streams;
  private final LocalIndex index;

  /** Reports on {@code streams} and its local index. */
  public HealthRoute(KafkaStreams streams, LocalIndex index) {
    this.streams = streams;
    this.index = index;
  }

  /** Handles the request. */
  public void handle(RoutingContext ctx) {
    KafkaStreams.State state = streams.state();
    JsonObject body = new JsonObject().put("streams", state.name());
    boolean up = state == KafkaStreams.State.RUNNING;
    if (up) {
      try {
        body.put("indexedLocally", index.size());
      } catch (RuntimeException e) {
        up = false;
        body.put("reason", "store not queryable: " + e.getMessage());
      }
    }
    body.put("status", up ? "UP" : state == KafkaStreams.State.ERROR || !state.isRunningOrRebalancing() ? "DOWN" : "STARTING");
    ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json").end(body.encode());
  }
}
