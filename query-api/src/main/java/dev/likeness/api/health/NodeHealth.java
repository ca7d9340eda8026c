package dev.likeness.api.health;

import dev.likeness.api.search.IndexUnavailableException;
import dev.likeness.api.search.LocalIndex;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness of a node.
 *
 * <p>Live: the process serves HTTP and the stream has not failed or stopped. Ready: the stream is
 * RUNNING and the local stores answer. A ready node that lags (as told by {@code degradedReason})
 * is DEGRADED but still answers 200: its answers are stale, not wrong, and taking every lagging
 * node out of a load balancer at once would turn a slow stream into an outage. So is a ready node
 * whose answers would miss partitions of the index (no instance hosts them, their instance does not
 * answer, or their local store does not answer): it still answers, partially, and says so.
 */
public final class NodeHealth {
  private final Supplier<State> streamState;
  private final LocalIndex index;
  private final Supplier<Optional<String>> degradedReason;
  private final Supplier<Map<Integer, String>> missingPartitions;

  /**
   * Health of the stream whose state {@code streamState} reads (e.g. {@code KafkaStreams::state})
   * and of its local index; {@code degradedReason} says why a ready node serves stale data, {@code
   * missingPartitions} which partitions its answers would miss, and why.
   */
  public NodeHealth(
      Supplier<State> streamState,
      LocalIndex index,
      Supplier<Optional<String>> degradedReason,
      Supplier<Map<Integer, String>> missingPartitions) {
    this.streamState = streamState;
    this.index = index;
    this.degradedReason = degradedReason;
    this.missingPartitions = missingPartitions;
  }

  /** Whether the process should be left running: 503 once the stream failed or stopped. */
  public HealthReport live() {
    State state = streamState.get();
    if (failedOrStopped(state)) {
      return new HealthReport(
          "DOWN", 503, state.name(), OptionalLong.empty(), Optional.of("the stream is " + state));
    }
    return new HealthReport("UP", 200, state.name(), OptionalLong.empty(), Optional.empty());
  }

  /** Whether the node should receive searches. */
  public HealthReport ready() {
    State state = streamState.get();
    if (state != State.RUNNING) {
      String status =
          failedOrStopped(state) || state == State.PENDING_SHUTDOWN ? "DOWN" : "STARTING";
      return new HealthReport(
          status, 503, state.name(), OptionalLong.empty(), Optional.of("the stream is " + state));
    }
    long size;
    try {
      size = index.size();
    } catch (IndexUnavailableException e) {
      if (e.indexDiverged()) {
        // A fault the node is repairing: out of rotation until the index is whole again.
        return new HealthReport(
            "DOWN", 503, state.name(), OptionalLong.empty(), Optional.of(e.getMessage()));
      }
      // RUNNING can briefly precede queryable stores (a new assignment being restored).
      return new HealthReport(
          "STARTING",
          503,
          state.name(),
          OptionalLong.empty(),
          Optional.of("store not queryable: " + e.getMessage()));
    } catch (RuntimeException e) {
      return new HealthReport(
          "STARTING",
          503,
          state.name(),
          OptionalLong.empty(),
          Optional.of("store not queryable: " + e.getMessage()));
    }
    Map<Integer, String> missing = missingPartitions();
    Optional<String> degraded = degradedReason();
    if (!missing.isEmpty()) {
      String partial = "answers would miss partitions " + missing.keySet() + ": " + missing;
      degraded = Optional.of(degraded.map(r -> partial + "; " + r).orElse(partial));
    }
    return new HealthReport(
        degraded.isPresent() ? "DEGRADED" : "UP",
        200,
        state.name(),
        OptionalLong.of(size),
        degraded,
        missing);
  }

  private Map<Integer, String> missingPartitions() {
    try {
      return missingPartitions.get();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  // A failing lag check must not make a serving node look down.
  private Optional<String> degradedReason() {
    try {
      return degradedReason.get();
    } catch (RuntimeException e) {
      return Optional.of("lag check failed: " + e.getMessage());
    }
  }

  private static boolean failedOrStopped(State state) {
    return state == State.ERROR || state == State.PENDING_ERROR || state == State.NOT_RUNNING;
  }
}
