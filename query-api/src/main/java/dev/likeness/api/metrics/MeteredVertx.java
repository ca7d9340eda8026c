package dev.likeness.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Creates a {@link Vertx} that reports its HTTP server, client and pool metrics to a given
 * registry.
 */
public final class MeteredVertx {
  private MeteredVertx() {}

  /** A Vert.x instance whose metrics go to {@code registry}. */
  public static Vertx create(MeterRegistry registry) {
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            // Vert.x keeps its backends in a JVM-wide map keyed by this name: a unique name keeps
            // the
            // meters of several nodes in one JVM (tests, the demo) in their own registries.
            .setRegistryName("likeness-" + UUID.randomUUID())
            .setLabels(labels());
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  // Vert.x's defaults (method, code, pool name, ...) plus the route template: templates such as
  // /images/:id, unlike raw paths, keep the label's values few.
  private static Set<Label> labels() {
    Set<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
    labels.add(Label.HTTP_ROUTE);
    return labels;
  }
}
