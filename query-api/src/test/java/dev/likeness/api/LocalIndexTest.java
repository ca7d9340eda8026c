package dev.likeness.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.api.search.IndexUnavailableException;
import dev.likeness.api.search.LocalIndex;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.indexer.store.ReadOnlyFeatureStore;
import dev.likeness.indexer.store.StoredMatch;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

/** The local index's reads during a rebalance: the store's view fails after it was handed out. */
class LocalIndexTest {
  /**
   * A view whose every read throws what {@code failure} gives, as a view does once its partition
   * moved.
   */
  private static ReadOnlyFeatureStore failing(Supplier<RuntimeException> failure) {
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
        throw failure.get();
      }
    };
  }

  @Test
  void aStoreThatMovesAwayDuringAReadIsUnavailableNotAnError() {
    ReadOnlyFeatureStore moved =
        failing(
            () ->
                new InvalidStateStoreException(
                    "The state store, features, may have migrated to another instance."));
    LocalIndex index = new LocalIndex((partition, stale) -> moved);
    assertThatThrownBy(() -> index.get("x", -1))
        .isInstanceOf(IndexUnavailableException.class)
        .hasMessageContaining("migrated");
    assertThatThrownBy(() -> index.search(null, 1, 1))
        .isInstanceOf(IndexUnavailableException.class);
    assertThatThrownBy(index::size).isInstanceOf(IndexUnavailableException.class);
    assertThat(index.unqueryable(List.of(0, 1))).containsExactly(0, 1);
  }

  @Test
  void otherFailuresOfAReadStayWhatTheyAre() {
    LocalIndex index =
        new LocalIndex((partition, stale) -> failing(() -> new IllegalStateException("a bug")));
    assertThatThrownBy(() -> index.get("x", -1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a bug");
  }

  @Test
  void onlyPartitionsWhoseStoreDoesNotAnswerAreUnqueryable() {
    ReadOnlyFeatureStore empty =
        new ReadOnlyFeatureStore() {
          @Override
          public Optional<FeatureRecord> get(String id) {
            return Optional.empty();
          }

          @Override
          public List<StoredMatch> search(MatchFeatures query, int k, int threshold) {
            return List.of();
          }

          @Override
          public long size() {
            return 0;
          }
        };
    LocalIndex index =
        new LocalIndex(
            (partition, stale) -> {
              if (partition == 1) {
                throw new InvalidStateStoreException(
                    "Cannot get state store features for partition 1: not queryable");
              }
              return empty;
            });
    assertThat(index.unqueryable(List.of(0, 1, 2))).containsExactly(1);
  }
}
