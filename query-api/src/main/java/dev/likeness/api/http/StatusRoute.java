package dev.likeness.api.http;

import dev.likeness.api.search.LocalIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * {@code GET /status/summary.json}: what this node holds and has done since it started, for the
 * status page. Counters are totals; the page derives rates from successive readings.
 */
public final class StatusRoute {
  /** Classpath folder of the uPlot webjar's built files, served under {@code /status/vendor/}. */
  public static final String UPLOT_DIST = "META-INF/resources/webjars/uplot/1.6.30/dist";

  /** Classpath folder of the page itself. */
  public static final String WEBROOT = "webroot/status";

  static final String INDEXED = "likeness.images.indexed";
  static final String DELETED = "likeness.images.deleted";
  static final String REJECTED = "likeness.images.rejected";

  private final KafkaStreams streams;
  private final LocalIndex index;
  private final MeterRegistry registry;
  private final String applicationId;
  private final String instance;
  private final Clock clock;
  private final Instant startedAt;

  /**
   * Reports on {@code streams}, its local index and the counters of {@code registry}; the node
   * starts now.
   */
  public StatusRoute(
      KafkaStreams streams,
      LocalIndex index,
      MeterRegistry registry,
      String applicationId,
      String instance,
      Clock clock) {
    this.streams = streams;
    this.index = index;
    this.registry = registry;
    this.applicationId = applicationId;
    this.instance = instance;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  /** Handles the request. */
  public void summary(RoutingContext ctx) {
    Instant now = clock.instant();
    JsonObject body =
        new JsonObject()
            .put("applicationId", applicationId)
            .put("instance", instance)
            .put("streams", streams.state().name())
            .put("indexedLocally", localSize())
            .put("localPartitions", localPartitions())
            .put("imagesIndexed", total(INDEXED))
            .put("imagesDeleted", total(DELETED))
            .put("imagesRejected", total(REJECTED))
            .put("rejectedByReason", rejectedByReason())
            .put("startedAt", startedAt.toString())
            .put("uptimeSeconds", Duration.between(startedAt, now).toSeconds())
            .put("time", now.toEpochMilli());
    ctx.response()
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }

  /** The local index size, or null while the store is not queryable (starting, rebalancing). */
  private Long localSize() {
    try {
      return index.size();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Partitions of the images topic whose active task runs here, in order. */
  private JsonArray localPartitions() {
    TreeSet<Integer> partitions = new TreeSet<>();
    try {
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        thread
            .activeTasks()
            .forEach(
                task ->
                    // The only source topic is the images topic, whatever its name.
                    task.topicPartitions().forEach(tp -> partitions.add(tp.partition())));
      }
    } catch (RuntimeException e) {
      // Not started or shutting down: no partitions to report.
    }
    return new JsonArray(partitions.stream().map(Object.class::cast).toList());
  }

  /** Sum of every counter named {@code name}, whatever its tags. */
  private long total(String name) {
    return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private JsonObject rejectedByReason() {
    JsonObject byReason = new JsonObject();
    for (Counter c : registry.find(REJECTED).counters()) {
      String reason = c.getId().getTag("reason");
      String key = reason == null ? "unknown" : reason;
      byReason.put(key, byReason.getLong(key, 0L) + (long) c.count());
    }
    return byReason;
  }
}
