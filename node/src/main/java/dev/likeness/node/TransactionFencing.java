package dev.likeness.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences the open transactions of stream threads that are no longer in the application's consumer
 * group: a node killed with SIGKILL, or one the group evicted.
 *
 * <p>Under exactly-once, a partition's new owner reads its input's committed offsets only once they
 * are stable: while the departed thread's transaction is open, the new owner waits, and the
 * partition is answered from a standby copy, stale. The broker aborts that transaction only after
 * the transaction timeout (a minute, so that a starved live thread is not fenced), and the departed
 * node itself only when it restarts. Fencing it as soon as the group has moved on lets the new
 * owner start within a second. Fencing is what exactly-once relies on anyway: a live thread fenced
 * by mistake only rejoins the group; nothing it wrote is kept.
 *
 * <p>Kafka Streams names a thread's transactional id {@code <application id>-<process id>-<thread
 * index>} and its consumer {@code <application id>-<process id>-StreamThread-<thread
 * index>-consumer}; a transaction is orphaned when no member of the group has its thread's name.
 */
final class TransactionFencing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransactionFencing.class);

  private static final String PROCESS_ID =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  /** A round while the stream is rebalancing (when a member has just left), else this often. */
  static final Duration IDLE_INTERVAL = Duration.ofSeconds(10);

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final String applicationId;
  private final Supplier<Collection<String>> ownThreads;
  private final Counter fenced;
  private final ScheduledExecutorService timer;
  private long lastRound;
  private boolean refusedLogged;

  private TransactionFencing(
      Admin admin,
      String applicationId,
      Supplier<Collection<String>> ownThreads,
      MeterRegistry registry) {
    this.admin = admin;
    this.applicationId = applicationId;
    this.ownThreads = ownThreads;
    this.fenced =
        Counter.builder("likeness.transactions.fenced")
            .description(
                "Open transactions of stream threads that had left the group, fenced so that their"
                    + " partitions' new owners could start")
            .register(registry);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "likeness-transaction-fencing");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Checks for orphaned transactions of {@code applicationId} every second while {@code
   * rebalancing} says so, else every {@link #IDLE_INTERVAL}, until closed (which closes {@code
   * admin}). {@code ownThreads} gives the consumer client ids of this instance's stream threads,
   * which are never fenced.
   */
  static TransactionFencing start(
      Admin admin,
      String applicationId,
      BooleanSupplier rebalancing,
      Supplier<Collection<String>> ownThreads,
      MeterRegistry registry) {
    TransactionFencing fencing = new TransactionFencing(admin, applicationId, ownThreads, registry);
    fencing.timer.scheduleWithFixedDelay(
        () -> {
          long now = System.nanoTime();
          if (rebalancing.getAsBoolean() || now - fencing.lastRound >= IDLE_INTERVAL.toNanos()) {
            fencing.lastRound = now;
            fencing.round();
          }
        },
        0,
        TICK.toMillis(),
        TimeUnit.MILLISECONDS);
    return fencing;
  }

  /**
   * One check: lists the open transactions, and fences those that no member of the stable group and
   * no thread of this instance owns.
   */
  int round() {
    try {
      List<String> open =
          admin
              .listTransactions(
                  new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
              .all()
              .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .stream()
              .map(TransactionListing::transactionalId)
              .filter(id -> id.startsWith(applicationId + "-"))
              .toList();
      if (open.isEmpty()) {
        return 0;
      }
      Collection<String> own;
      try {
        own = ownThreads.get();
      } catch (RuntimeException e) {
        // This instance is not running: which threads are its own is not known.
        return 0;
      }
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(applicationId))
              .describedGroups()
              .get(applicationId)
              .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Set<String> orphans =
          orphans(
              applicationId,
              open,
              group.groupState(),
              group.members().stream().map(MemberDescription::clientId).toList(),
              own);
      if (orphans.isEmpty()) {
        return 0;
      }
      admin.fenceProducers(orphans).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      fenced.increment(orphans.size());
      log.info(
          "Fenced the open transactions of {} stream thread(s) no longer in group {}: {}",
          orphans.size(),
          applicationId,
          orphans);
      return orphans.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        refused(e.getCause());
      }
    } catch (TimeoutException | RuntimeException e) {
      refused(e);
    }
    return 0;
  }

  /**
   * The transactional ids among {@code open} to fence: none unless the group is {@code STABLE}
   * (members are missing from the list while they rejoin), and never one of this instance's threads
   * ({@code own}, consumer client ids); else as {@link #orphans(String, Collection, Collection)}.
   */
  static Set<String> orphans(
      String applicationId,
      Collection<String> open,
      GroupState state,
      Collection<String> members,
      Collection<String> own) {
    if (state != GroupState.STABLE) {
      return Set.of();
    }
    List<String> owners = new ArrayList<>(members);
    owners.addAll(own);
    return orphans(applicationId, open, owners);
  }

  /**
   * The transactional ids of {@code applicationId}'s stream threads among {@code open} whose thread
   * is not among the group's {@code members} (client ids). An empty group owns nothing yet: nothing
   * is fenced then, since the first member to join fences its own predecessors' transactions.
   */
  static Set<String> orphans(
      String applicationId, Collection<String> open, Collection<String> members) {
    String app = Pattern.quote(applicationId);
    Pattern transactionalId = Pattern.compile(app + "-(" + PROCESS_ID + ")-(\\d+)");
    Pattern memberClientId =
        Pattern.compile(app + "-(" + PROCESS_ID + ")-StreamThread-(\\d+)-consumer");
    Set<String> threads = new TreeSet<>();
    for (String clientId : members) {
      Matcher m = memberClientId.matcher(clientId);
      if (m.matches()) {
        threads.add(m.group(1) + "-" + Integer.parseInt(m.group(2)));
      }
    }
    Set<String> orphans = new TreeSet<>();
    if (threads.isEmpty()) {
      return orphans;
    }
    for (String id : open) {
      Matcher m = transactionalId.matcher(id);
      if (m.matches() && !threads.contains(m.group(1) + "-" + Integer.parseInt(m.group(2)))) {
        orphans.add(id);
      }
    }
    return orphans;
  }

  private void refused(Throwable e) {
    // Without the ACLs to list or fence transactions, take-over waits for the broker to abort them.
    if (!refusedLogged) {
      refusedLogged = true;
      log.warn(
          "Cannot check for transactions of departed nodes ({}); after a node dies, its partitions"
              + " wait for the transaction timeout before their new owners start. Needs Describe and"
              + " Write on the application's transactional ids and Describe on its group",
          e.toString());
    } else {
      log.debug("Transaction check failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
