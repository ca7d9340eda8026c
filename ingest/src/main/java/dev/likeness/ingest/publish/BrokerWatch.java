package dev.likeness.ingest.publish;

import dev.likeness.contract.kafka.KafkaClientSettings;
import dev.likeness.contract.kafka.KafkaRefusal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a Kafka cluster answers, asked about once a second by one Admin client, so that a
 * long-running producer learns about an outage once instead of in every send.
 *
 * <p>Before its first answer the cluster counts as unreachable since the watch started. An outage
 * logs one warning when it begins and one line when it ends; {@link #exhausted()} says when it has
 * lasted longer than the patience given, which is when callers should stop waiting.
 *
 * <p>Thread-safe.
 */
public final class BrokerWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerWatch.class);
  private static final Duration LONGEST_PROBE = Duration.ofSeconds(5);
  private static final Duration SHORTEST_PROBE = Duration.ofMillis(500);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  private final Admin admin;
  private final String bootstrapServers;
  private final Duration patience;
  private final Duration probeTimeout;
  private final ScheduledExecutorService prober;

  /** Guards the fields below; waiters are woken after every probe. */
  private final Object lock = new Object();

  private boolean reachable;
  private boolean outageReported;
  private long lastAnswerNanos;
  private long probes;
  private boolean closed;
  private String refusal;

  private BrokerWatch(String bootstrapServers, Duration patience, KafkaClientSettings kafka) {
    if (patience.isNegative() || patience.isZero()) {
      throw new IllegalArgumentException("broker timeout must be positive, was " + patience);
    }
    this.bootstrapServers = bootstrapServers;
    this.patience = patience;
    // A probe must fail well within the patience, or an outage is noticed only after it is over.
    Duration third = patience.dividedBy(3);
    this.probeTimeout =
        third.compareTo(LONGEST_PROBE) > 0
            ? LONGEST_PROBE
            : third.compareTo(SHORTEST_PROBE) < 0 ? SHORTEST_PROBE : third;
    int timeoutMs = (int) probeTimeout.toMillis();
    this.admin =
        Admin.create(
            kafka.admin(
                bootstrapServers,
                Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    "likeness-broker-watch",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    Integer.toString(timeoutMs),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    Integer.toString(timeoutMs))));
    this.lastAnswerNanos = System.nanoTime();
    this.prober =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "likeness-broker-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts watching the cluster at {@code bootstrapServers}.
   *
   * @param patience how long an outage may last before {@link #exhausted()} says so
   * @throws IllegalArgumentException if the patience is not positive
   */
  public static BrokerWatch start(String bootstrapServers, Duration patience) {
    return start(bootstrapServers, patience, KafkaClientSettings.none());
  }

  /**
   * Starts watching the cluster at {@code bootstrapServers} with the operator's client settings
   * ({@code --kafka-config}).
   *
   * @param patience how long an outage may last before {@link #exhausted()} says so
   * @throws IllegalArgumentException if the patience is not positive
   */
  public static BrokerWatch start(
      String bootstrapServers, Duration patience, KafkaClientSettings kafka) {
    BrokerWatch watch = new BrokerWatch(bootstrapServers, patience, kafka);
    watch.prober.scheduleWithFixedDelay(
        watch::probe, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return watch;
  }

  /** How long an outage may last before {@link #exhausted()} says so. */
  public Duration patience() {
    return patience;
  }

  /** The cluster watched, as given. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Whether the last probe was answered. */
  public boolean reachable() {
    synchronized (lock) {
      return reachable;
    }
  }

  /**
   * Whether the cluster has not answered for longer than the patience, or has refused this client
   * (see {@link #refusal()}).
   */
  public boolean exhausted() {
    synchronized (lock) {
      return refusal != null
          || (!reachable && System.nanoTime() - lastAnswerNanos > patience.toNanos());
    }
  }

  /**
   * Why the cluster refused this client (wrong credentials, failed TLS handshake), if it did: no
   * wait makes it answer, so waiting stops at once.
   */
  public Optional<String> refusal() {
    synchronized (lock) {
      return Optional.ofNullable(refusal);
    }
  }

  /**
   * Waits until the cluster answers or the patience runs out.
   *
   * @return true if it answers, false if it has been unreachable for longer than the patience
   */
  public boolean awaitReachable() {
    synchronized (lock) {
      while (!reachable) {
        if (refusal != null) {
          return false;
        }
        long left = patience.toNanos() - (System.nanoTime() - lastAnswerNanos);
        if (left <= 0 || closed || !waitOnLock(left)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Waits for the next probe to finish, at most {@code max}; spurious returns are possible. */
  public void awaitNextProbe(Duration max) {
    synchronized (lock) {
      long before = probes;
      long deadline = System.nanoTime() + max.toNanos();
      long left;
      while (probes == before
          && !closed
          && (left = deadline - System.nanoTime()) > 0
          && waitOnLock(left)) {
        // woken by a probe, a close or the time
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    prober.shutdownNow();
    admin.close(Duration.ZERO);
  }

  private void probe() {
    boolean answered;
    String why = "";
    Optional<String> refused = Optional.empty();
    try {
      // The Admin client fails the call itself once the timeout passes.
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) probeTimeout.toMillis()))
          .nodes()
          .get();
      answered = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException e) {
      answered = false;
      why =
          e.getCause() instanceof TimeoutException
              ? "no answer within " + probeTimeout.toMillis() + " ms"
              : String.valueOf(e.getCause().getMessage());
      refused = KafkaRefusal.explain(e.getCause());
    }
    synchronized (lock) {
      long now = System.nanoTime();
      if (answered) {
        if (outageReported) {
          log.info(
              "Kafka at {} answers again, after {} s without an answer",
              bootstrapServers,
              seconds(now - lastAnswerNanos));
          outageReported = false;
        }
        reachable = true;
        lastAnswerNanos = now;
      } else if (refused.isPresent()) {
        if (refusal == null) {
          log.error("Kafka at {} refused this client: {}", bootstrapServers, refused.get());
        }
        refusal = refused.get();
        reachable = false;
      } else {
        if (!outageReported) {
          log.warn(
              "Kafka at {} does not answer ({}); waiting for it, up to {} s without an answer",
              bootstrapServers,
              why,
              seconds(patience.toNanos()));
          outageReported = true;
        }
        reachable = false;
      }
      probes++;
      lock.notifyAll();
    }
  }

  /** Waits on the lock (held by the caller); false if interrupted, with the flag set again. */
  private boolean waitOnLock(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
