package dev.likeness.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the latest report as gauges {@code likeness.lag.records} and {@code
 * likeness.lag.seconds}, tagged {@code topic} and {@code partition}; a partition's gauges appear
 * with its first reading.
 */
public final class LagGauges {
  /** Gauge of records waiting per partition. */
  public static final String RECORDS = "likeness.lag.records";

  /** Gauge of the age of the oldest waiting record per partition. */
  public static final String SECONDS = "likeness.lag.seconds";

  private final MeterRegistry registry;
  private final Map<String, PartitionLag> current = new ConcurrentHashMap<>();

  private LagGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the gauges of {@code monitor}'s reports on {@code registry}. */
  public static void register(LagMonitor monitor, MeterRegistry registry) {
    monitor.onReport(on(registry)::update);
  }

  /** Gauges on {@code registry} that show the reports given to {@link #update}. */
  static LagGauges on(MeterRegistry registry) {
    return new LagGauges(registry);
  }

  /** Shows {@code report}; registers the gauges of partitions seen for the first time. */
  void update(LagReport report) {
    for (PartitionLag p : report.partitions()) {
      if (current.put(p.name(), p) == null) {
        String key = p.name();
        String partition = Integer.toString(p.partition());
        Gauge.builder(RECORDS, () -> current.get(key).lagRecords())
            .description("Records of the topic the indexer has yet to process")
            .tags("topic", p.topic(), "partition", partition)
            .strongReference(true)
            .register(registry);
        Gauge.builder(SECONDS, () -> current.get(key).lagSeconds())
            .description("Age of the oldest record the indexer has yet to process")
            .baseUnit("seconds")
            .tags("topic", p.topic(), "partition", partition)
            .strongReference(true)
            .register(registry);
      }
    }
  }
}
