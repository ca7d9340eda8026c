package dev.likeness.api.search;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.indexer.store.FeatureStoreType;
import dev.likeness.indexer.store.IndexDivergedException;
import dev.likeness.indexer.store.ReadOnlyFeatureStore;
import dev.likeness.indexer.topology.ImageTopology;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** The partitions of the feature index hosted by this instance, through interactive queries. */
public final class LocalIndex {
  private final IntFunction<ReadOnlyFeatureStore> stores;

  /** Queries the stores of {@code streams}. */
  public LocalIndex(KafkaStreams streams) {
    this(
        partition -> {
          StoreQueryParameters<ReadOnlyFeatureStore> all =
              StoreQueryParameters.fromNameAndType(ImageTopology.STORE, new FeatureStoreType());
          return streams.store(partition < 0 ? all : all.withPartition(partition));
        });
  }

  /**
   * Queries the views {@code stores} gives: of every local partition for -1, else of the one
   * partition asked for. Each call may throw what {@link KafkaStreams#store} throws, and so may the
   * view's methods: a partition can move away between the two.
   */
  public LocalIndex(IntFunction<ReadOnlyFeatureStore> stores) {
    this.stores = stores;
  }

  /** Searches every local partition; throws {@link IndexUnavailableException} while it cannot. */
  public List<SearchHit> search(MatchFeatures query, int k, int threshold) {
    return query(
        -1,
        store ->
            store.search(query, k, threshold).stream()
                .map(m -> new SearchHit(m.match(), m.record()))
                .toList());
  }

  /**
   * The record of {@code id} if the local store of {@code partition} holds it; of any local
   * partition for -1 (the key's partition not known yet).
   */
  public Optional<FeatureRecord> get(String id, int partition) {
    return query(partition, store -> store.get(id));
  }

  /** Number of images in the local partitions. */
  public long size() {
    return query(-1, ReadOnlyFeatureStore::size);
  }

  /** Those of {@code partitions} whose local store does not answer queries now. */
  public Set<Integer> unqueryable(Collection<Integer> partitions) {
    Set<Integer> missing = new TreeSet<>();
    for (int p : partitions) {
      try {
        query(p, ReadOnlyFeatureStore::size);
      } catch (IndexUnavailableException e) {
        missing.add(p);
      }
    }
    return missing;
  }

  private <T> T query(int partition, Function<ReadOnlyFeatureStore, T> read) {
    ReadOnlyFeatureStore store;
    try {
      store = stores.apply(partition);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      throw unavailable(e);
    }
    try {
      return read.apply(store);
    } catch (InvalidStateStoreException e) {
      // The view asks the stream for its stores on each call: a rebalance can fail the read too.
      throw unavailable(e);
    }
  }

  // Expected while the stream starts, rebalances or stops: say so, without a stack trace.
  private static IndexUnavailableException unavailable(RuntimeException e) {
    return new IndexUnavailableException(
        "the index on this instance is not available: " + e.getMessage(),
        e instanceof IndexDivergedException);
  }
}
