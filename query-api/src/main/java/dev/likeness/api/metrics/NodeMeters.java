package dev.likeness.api.metrics;

import dev.likeness.api.search.LocalIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The meters of one node in a Prometheus registry: JVM, Kafka Streams client metrics and the size
 * of the local index. Likeness's own counters and timers register themselves in {@link
 * #registry()}.
 */
public final class NodeMeters implements AutoCloseable {
  /** Name of the gauge of images in the local partitions. */
  public static final String INDEX_IMAGES = "likeness.index.images";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private KafkaStreamsMetrics streamsMetrics;

  /**
   * A registry whose every meter carries {@code application} and {@code instance} tags.
   *
   * @param application the Streams application id: nodes of one index share it
   * @param instance the advertised {@code host:port}, the same for every scrape of this node
   */
  public NodeMeters(String application, String instance) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Common tags apply only to meters registered afterwards, so set them before anything else.
    registry.config().commonTags("application", application, "instance", instance);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for scraping and for meters of other components. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Publishes the client metrics of {@code streams} (threads, tasks, consumers, producers). */
  public void bindStreams(KafkaStreams streams) {
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
  }

  /** Publishes the number of images in the local partitions of {@code index}. */
  public void bindIndex(LocalIndex index) {
    Gauge.builder(INDEX_IMAGES, index, NodeMeters::imagesOrNaN)
        .description("Images in the partitions of the index hosted by this instance")
        .baseUnit("images")
        .strongReference(true)
        .register(registry);
  }

  // During a rebalance or restore the store is not queryable: NaN says "unknown" without failing
  // the scrape.
  private static double imagesOrNaN(LocalIndex index) {
    try {
      return index.size();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Stops the binders that hold threads or listeners, then the registry. */
  @Override
  public void close() {
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    gc.close();
    registry.close();
  }
}
