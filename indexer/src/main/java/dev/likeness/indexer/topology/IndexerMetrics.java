package dev.likeness.indexer.topology;

import dev.likeness.indexer.store.FeatureStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The indexer's own meters: images indexed, deleted and rejected, and extraction time. */
public final class IndexerMetrics {
  private final MeterRegistry registry;
  private final Counter indexed;
  private final Counter deleted;
  private final Counter imported;
  private final Timer extraction;
  private final Timer indexBuilds;

  /** Registers the meters in {@code registry}. */
  public IndexerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.indexed =
        Counter.builder("likeness.images.indexed").description("Images indexed").register(registry);
    this.deleted =
        Counter.builder("likeness.images.deleted")
            .description("Tombstones applied")
            .register(registry);
    this.imported =
        Counter.builder("likeness.hashes.imported")
            .description("Hashes indexed without an image")
            .register(registry);
    this.extraction =
        Timer.builder("likeness.extraction")
            .description("Time to decode an image and compute its features")
            .publishPercentileHistogram()
            .register(registry);
    this.indexBuilds =
        Timer.builder("likeness.index.builds")
            .description(
                "Bulk builds of a partition's in-memory index from its store (after a restoration,"
                    + " when a standby starts, or to repair a divergence)")
            .register(registry);
  }

  /** Notes one bulk build of a partition's in-memory index that took {@code nanos}. */
  public void indexBuilt(long nanos) {
    indexBuilds.record(nanos, TimeUnit.NANOSECONDS);
  }

  void extracted(long nanos) {
    indexed.increment();
    extraction.record(nanos, TimeUnit.NANOSECONDS);
  }

  void imported() {
    imported.increment();
  }

  void deleted() {
    deleted.increment();
  }

  void rejected(String reason) {
    Counter.builder("likeness.images.rejected")
        .description("Images sent to the dead-letter topic")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void consistencyChecked(FeatureStore.Consistency check) {
    Counter.builder("likeness.index.checks")
        .description(
            "Comparisons of a partition's in-memory index with its store; diverged ones were rebuilt")
        .tag(
            "result", check.stored() < 0 ? "skipped" : check.diverged() ? "diverged" : "consistent")
        .register(registry)
        .increment();
  }
}
