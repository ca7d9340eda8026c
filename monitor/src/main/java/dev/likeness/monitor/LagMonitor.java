package dev.likeness.monitor;

import dev.likeness.contract.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the lag on a schedule (one daemon thread) and keeps the latest report, so routes, gauges
 * and health checks read it without asking Kafka themselves.
 */
public final class LagMonitor implements AutoCloseable {
  /** How often a node samples. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  /**
   * How long a committed offset may stand still while records wait before the partition is STALLED.
   * A node commits every 100 ms while it makes progress, so 5 s is fifty missed commits.
   */
  public static final Duration DEFAULT_STALL_WINDOW = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

  private final LagSampler sampler;
  private final ScheduledExecutorService scheduler;
  private final List<Consumer<LagReport>> listeners = new CopyOnWriteArrayList<>();
  private volatile LagReport latest;
  private volatile String failure;
  private LagStatus lastStatus;

  private LagMonitor(LagSampler sampler, Duration interval) {
    this.sampler = sampler;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "likeness-lag-monitor");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::sampleOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts sampling {@code sampler} every {@code interval}, the first time at once. */
  public static LagMonitor start(LagSampler sampler, Duration interval) {
    return new LagMonitor(sampler, interval);
  }

  /**
   * Starts sampling the images topic {@code imagesTopic} for the Streams application {@code
   * applicationId}, with the defaults.
   */
  public static LagMonitor start(
      String bootstrapServers, String applicationId, String imagesTopic) {
    return start(bootstrapServers, applicationId, imagesTopic, KafkaClientSettings.none());
  }

  /** Like {@link #start(String, String, String)}, with the operator's client settings. */
  public static LagMonitor start(
      String bootstrapServers,
      String applicationId,
      String imagesTopic,
      KafkaClientSettings kafka) {
    return start(
        LagSampler.connect(
            bootstrapServers, applicationId, imagesTopic, DEFAULT_STALL_WINDOW, kafka),
        DEFAULT_INTERVAL);
  }

  /** The latest reading, if one succeeded yet. */
  public Optional<LagReport> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * Why the last sampling failed, if it did (the latest report is then older than one interval).
   */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** Calls {@code listener} with every new report, on the monitor thread. */
  public void onReport(Consumer<LagReport> listener) {
    listeners.add(listener);
    LagReport current = latest;
    if (current != null) {
      listener.accept(current);
    }
  }

  /**
   * Why this node should not count as keeping up: a partition whose oldest waiting record is older
   * than {@code maxLag}, or lag that cannot be read. Empty when all is well, or before the first
   * reading (a starting node is not degraded by lag it has not measured).
   */
  public Optional<String> degradedReason(Duration maxLag) {
    LagReport report = latest;
    if (failure != null) {
      return Optional.of("lag unknown: " + failure);
    }
    if (report == null) {
      return Optional.empty();
    }
    double bound = maxLag.toMillis() / 1000.0;
    return report
        .worst()
        .filter(p -> p.lagSeconds() > bound)
        .map(
            p ->
                String.format(
                    Locale.ROOT,
                    "lag %.1f s (%d records, %s) on %s exceeds the %s s bound",
                    p.lagSeconds(),
                    p.lagRecords(),
                    p.status(),
                    p.name(),
                    trim(bound)));
  }

  private static String trim(double seconds) {
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }

  private void sampleOnce() {
    try {
      LagReport report = sampler.sample();
      latest = report;
      if (failure != null) {
        log.info("Lag of group {} readable again", sampler.groupId());
        failure = null;
      }
      logStatusChange(report);
      notifyListeners(report);
    } catch (RuntimeException e) {
      if (failure == null) {
        log.warn("Cannot read the lag of group {}: {}", sampler.groupId(), e.getMessage());
      }
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  /**
   * A failing listener (a gauge registry) must neither stop the others nor count as a failed
   * reading.
   */
  private void notifyListeners(LagReport report) {
    for (Consumer<LagReport> l : listeners) {
      try {
        l.accept(report);
      } catch (RuntimeException e) {
        log.warn("A lag listener failed: {}", e.toString());
      }
    }
  }

  private void logStatusChange(LagReport report) {
    LagStatus status = report.status();
    if (status != lastStatus) {
      String where =
          report
              .worst()
              .map(
                  p ->
                      String.format(
                          Locale.ROOT,
                          " (worst %s: %d records, %.1f s)",
                          p.name(),
                          p.lagRecords(),
                          p.lagSeconds()))
              .orElse("");
      log.info(
          "Lag status of group {} on {}: {} -> {}{}",
          report.groupId(),
          report.topic(),
          lastStatus == null ? "-" : lastStatus,
          status,
          where);
      lastStatus = status;
    }
  }

  /** Stops sampling and closes the Kafka clients. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sampler.close();
  }
}
