package dev.likeness.api.search;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of a fan-out: the partitions each instance is asked to search, all at once.
 *
 * <p>A call to a peer that has not answered after the hedge delay is hedged: its partitions not
 * answered yet are asked of another copy too (this instance's first, then the peers'), and
 * whichever answers first serves them. A peer that is slow because it is starved, restoring or
 * about to time out then costs a search the hedge delay, not the peer timeout. The delay tracks the
 * peers' usual answer time ({@link HedgeDelay}), so only the slowest calls are doubled. The round
 * ends when every partition asked has an answer, or when every call has ended.
 */
final class FanOutRound {
  private static final Logger log = LoggerFactory.getLogger(FanOutRound.class);

  /** Searches {@code partitions} on {@code host} (this instance without HTTP). */
  @FunctionalInterface
  interface Caller {
    Future<PartitionAnswers> call(HostInfo host, Set<Integer> partitions);
  }

  private final Vertx vertx;
  private final Caller caller;
  private final IndexPlacement placement;
  private final HostInfo self;
  private final LongSupplier hedgeDelayMs;
  private final Map<HostInfo, Set<Integer>> asked = new LinkedHashMap<>();

  // Guarded by this: calls complete on several threads (event loops, the search pool).
  private final FanOutAnswers out = new FanOutAnswers();
  private final Set<Integer> wanted = new TreeSet<>();
  private final Promise<FanOutAnswers> done = Promise.promise();
  private int open;
  private boolean finished;

  /**
   * A round whose slow peer calls are hedged on the other copies {@code placement} names, after
   * {@code hedgeDelayMs} (no hedging if {@code placement} is null).
   */
  FanOutRound(
      Vertx vertx,
      Caller caller,
      IndexPlacement placement,
      HostInfo self,
      LongSupplier hedgeDelayMs) {
    this.vertx = vertx;
    this.caller = caller;
    this.placement = placement;
    this.self = self;
    this.hedgeDelayMs = hedgeDelayMs;
  }

  void ask(HostInfo host, int partition) {
    asked.computeIfAbsent(host, h -> new TreeSet<>()).add(partition);
  }

  boolean isEmpty() {
    return asked.isEmpty();
  }

  /** Runs the calls; the future never fails. */
  Future<FanOutAnswers> run() {
    if (asked.isEmpty()) {
      return Future.succeededFuture(out);
    }
    List<Map.Entry<HostInfo, Set<Integer>>> calls = new ArrayList<>(asked.entrySet());
    synchronized (this) {
      calls.forEach(c -> wanted.addAll(c.getValue()));
      open = calls.size();
    }
    for (Map.Entry<HostInfo, Set<Integer>> c : calls) {
      HostInfo host = c.getKey();
      Set<Integer> partitions = c.getValue();
      Future<PartitionAnswers> call = caller.call(host, partitions);
      if (placement != null && !host.equals(self)) {
        long timer =
            vertx.setTimer(Math.max(1, hedgeDelayMs.getAsLong()), t -> hedge(host, partitions));
        call.onComplete(r -> vertx.cancelTimer(timer));
      }
      call.onComplete(r -> ended(host, partitions, r.succeeded() ? r.result() : null, r.cause()));
    }
    return done.future();
  }

  /** Asks other copies for the partitions of {@code slow}'s call that have no answer yet. */
  private void hedge(HostInfo slow, Set<Integer> partitions) {
    Map<HostInfo, Set<Integer>> again = new LinkedHashMap<>();
    synchronized (this) {
      if (finished) {
        return;
      }
      for (int p : partitions) {
        if (out.answered(p)) {
          continue;
        }
        List<HostInfo> others = placement.candidates(p, Set.of(slow));
        if (!others.isEmpty()) {
          HostInfo other = others.contains(self) ? self : others.get(0);
          again.computeIfAbsent(other, h -> new TreeSet<>()).add(p);
        }
      }
      open += again.size();
    }
    if (!again.isEmpty()) {
      log.debug(
          "{} is slow to answer for {}; asking {} too", FanOutAnswers.who(slow), partitions, again);
    }
    again.forEach(
        (host, ps) ->
            caller
                .call(host, ps)
                .onComplete(r -> ended(host, ps, r.succeeded() ? r.result() : null, r.cause())));
  }

  private void ended(
      HostInfo host, Set<Integer> partitions, PartitionAnswers answers, Throwable e) {
    FanOutAnswers result = null;
    synchronized (this) {
      open--;
      if (finished) {
        return;
      }
      for (int p : partitions) {
        out.tried.computeIfAbsent(p, x -> new HashSet<>()).add(host);
      }
      if (answers != null) {
        out.add(host, answers);
      } else {
        String why = FanOutAnswers.who(host) + ": " + e.getMessage();
        log.warn("Search on {} failed: {}", FanOutAnswers.who(host), e.toString());
        for (int p : partitions) {
          if (!out.answered(p)) {
            out.failed.put(p, why);
          }
        }
      }
      if (open == 0 || wanted.stream().allMatch(out::answered)) {
        finished = true;
        result = out;
      }
    }
    if (result != null) {
      done.complete(result);
    }
  }
}
