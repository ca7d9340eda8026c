package dev.likeness.indexer.store;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * The {@link QueryableStoreType} of the feature index: one view over every local partition's {@link
 * FeatureStore}, merging their top-k.
 */
public final class FeatureStoreType implements QueryableStoreType<ReadOnlyFeatureStore> {
  @Override
  public boolean accepts(StateStore stateStore) {
    return stateStore instanceof ReadOnlyFeatureStore;
  }

  @Override
  public ReadOnlyFeatureStore create(StateStoreProvider provider, String storeName) {
    return new LocalPartitions(provider, storeName, this);
  }

  /** Merges the local partitions; asks the provider afresh each call so rebalances are seen. */
  private record LocalPartitions(
      StateStoreProvider provider, String storeName, FeatureStoreType type)
      implements ReadOnlyFeatureStore {

    private List<ReadOnlyFeatureStore> stores() {
      return provider.stores(storeName, type);
    }

    @Override
    public Optional<FeatureRecord> get(String id) {
      for (ReadOnlyFeatureStore s : stores()) {
        Optional<FeatureRecord> r = s.get(id);
        if (r.isPresent()) {
          return r;
        }
      }
      return Optional.empty();
    }

    @Override
    public List<StoredMatch> search(MatchFeatures query, int k, int threshold) {
      List<StoredMatch> all = new ArrayList<>();
      for (ReadOnlyFeatureStore s : stores()) {
        all.addAll(s.search(query, k, threshold));
      }
      all.sort(
          Comparator.comparingInt((StoredMatch m) -> m.match().score())
              .thenComparing(m -> m.match().id()));
      return all.size() > k ? List.copyOf(all.subList(0, k)) : all;
    }

    @Override
    public List<ListedImage> list(String after, int limit) {
      List<ListedImage> all = new ArrayList<>();
      for (ReadOnlyFeatureStore s : stores()) {
        all.addAll(s.list(after, limit));
      }
      all.sort(Comparator.comparing(ListedImage::id, ListedImage.ID_ORDER));
      return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    @Override
    public long changelogLag() {
      long lag = 0;
      for (ReadOnlyFeatureStore s : stores()) {
        long l = s.changelogLag();
        if (l < 0) {
          return -1;
        }
        lag = Math.max(lag, l);
      }
      return lag;
    }

    @Override
    public long size() {
      long n = 0;
      for (ReadOnlyFeatureStore s : stores()) {
        n += s.size();
      }
      return n;
    }
  }
}
