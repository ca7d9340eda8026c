package dev.likeness.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.api.health.HealthReport;
import dev.likeness.api.health.NodeHealth;
import dev.likeness.api.search.LocalIndex;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.indexer.store.IndexDivergedException;
import dev.likeness.indexer.store.ReadOnlyFeatureStore;
import dev.likeness.indexer.store.StoredMatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

/** Readiness as the local index answers: up, restoring, or repairing an index that diverged. */
class NodeHealthTest {
  /** A local store whose size is {@code size}, or whose reads throw what {@code failure} gives. */
  private static ReadOnlyFeatureStore store(long size, Supplier<RuntimeException> failure) {
    return new ReadOnlyFeatureStore() {
      @Override
      public Optional<FeatureRecord> get(String id) {
        throw failure.get();
      }

      @Override
      public List<StoredMatch> search(MatchFeatures query, int k, int threshold) {
        throw failure.get();
      }

      @Override
      public long size() {
        if (failure != null) {
          throw failure.get();
        }
        return size;
      }
    };
  }

  private static HealthReport ready(ReadOnlyFeatureStore store) {
    return new NodeHealth(
            () -> State.RUNNING, new LocalIndex((p, stale) -> store), Optional::empty, Map::of)
        .ready();
  }

  @Test
  void aRunningStreamWhoseIndexAnswersIsUp() {
    HealthReport r = ready(store(7, null));
    assertThat(r.status()).isEqualTo("UP");
    assertThat(r.httpStatus()).isEqualTo(200);
  }

  @Test
  void anIndexBeingRestoredIsStarting() {
    HealthReport r =
        ready(
            store(0, () -> new InvalidStateStoreException("the index of partition 0_1 is stale")));
    assertThat(r.status()).isEqualTo("STARTING");
    assertThat(r.httpStatus()).isEqualTo(503);
  }

  @Test
  void anIndexThatDivergedFromItsStoreIsDownWithTheReason() {
    HealthReport r =
        ready(
            store(
                0,
                () ->
                    new IndexDivergedException(
                        "the index of partition 0_1 held 648 images but the store 1250; rebuilding")));
    assertThat(r.status()).isEqualTo("DOWN");
    assertThat(r.httpStatus()).isEqualTo(503);
    assertThat(r.reason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("648").contains("1250"));
  }
}
