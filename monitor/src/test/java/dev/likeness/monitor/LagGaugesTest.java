package dev.likeness.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagGaugesTest {
  private static PartitionLag partition(int p, long records, double seconds) {
    return new PartitionLag(
        "likeness.images",
        p,
        10,
        10 + records,
        records,
        seconds,
        records > 0 ? SecondsSource.INTERPOLATED : SecondsSource.CAUGHT_UP,
        "node:8080",
        records > 0 ? LagStatus.LAGGING : LagStatus.OK);
  }

  private static LagReport report(PartitionLag... partitions) {
    return new LagReport(
        "likeness", "likeness.images", Instant.now(), List.of(partitions), List.of());
  }

  @Test
  void prometheusShowsTheLatestLagPerPartition() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LagGauges gauges = LagGauges.on(registry);

    gauges.update(report(partition(0, 30, 12.5), partition(1, 0, 0)));
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "likeness_lag_records{partition=\"0\",topic=\"likeness.images\"} 30",
            "likeness_lag_records{partition=\"1\",topic=\"likeness.images\"} 0",
            "likeness_lag_seconds{partition=\"0\",topic=\"likeness.images\"} 12.5");

    gauges.update(report(partition(0, 0, 0), partition(1, 4, 1.5)));
    scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "likeness_lag_records{partition=\"0\",topic=\"likeness.images\"} 0",
            "likeness_lag_records{partition=\"1\",topic=\"likeness.images\"} 4",
            "likeness_lag_seconds{partition=\"1\",topic=\"likeness.images\"} 1.5");
    assertThat(registry.find(LagGauges.RECORDS).gauges()).hasSize(2);
  }
}
