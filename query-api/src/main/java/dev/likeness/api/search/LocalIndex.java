package dev.likeness.api.search;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.indexer.store.FeatureStoreType;
import dev.likeness.indexer.store.IndexDivergedException;
import dev.likeness.indexer.store.ListedImage;
import dev.likeness.indexer.store.ReadOnlyFeatureStore;
import dev.likeness.indexer.topology.ImageTopology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The partitions of the feature index hosted by this instance, through interactive queries: the
 * active ones, and on request the stale copies too (standbys, and active stores still restoring).
 */
public final class LocalIndex {
  /** Finds the local stores of the index. */
  @FunctionalInterface
  public interface Stores {
    /**
     * The view of every local active partition for -1, else of one partition; with {@code stale},
     * of the partition's standby or restoring copy as well. May throw what {@link
     * KafkaStreams#store} throws.
     */
    ReadOnlyFeatureStore store(int partition, boolean stale);
  }

  private final Stores stores;

  /** Queries the stores of {@code streams}. */
  public LocalIndex(KafkaStreams streams) {
    this(
        (partition, stale) -> {
          StoreQueryParameters<ReadOnlyFeatureStore> params =
              StoreQueryParameters.fromNameAndType(ImageTopology.STORE, new FeatureStoreType());
          params = partition < 0 ? params : params.withPartition(partition);
          return streams.store(stale ? params.enableStaleStores() : params);
        });
  }

  /**
   * Queries the views {@code stores} gives. The view's methods may throw what {@link
   * KafkaStreams#store} throws too: a partition can move away between the two.
   */
  public LocalIndex(Stores stores) {
    this.stores = stores;
  }

  /**
   * Searches every local active partition; throws {@link IndexUnavailableException} if it can't.
   */
  public List<SearchHit> search(MatchFeatures query, int k, int threshold) {
    return query(-1, false, store -> hits(store, query, k, threshold));
  }

  /**
   * Searches {@code partitions} one by one: each from its active store if it is here and running,
   * else, if {@code stale} is allowed, from a standby or restoring copy (and says how far behind it
   * is), else it is reported failed. Never throws for a partition that cannot answer.
   */
  public PartitionAnswers search(
      MatchFeatures query, int k, int threshold, Collection<Integer> partitions, boolean stale) {
    List<SearchHit> hits = new ArrayList<>();
    Set<Integer> fresh = new TreeSet<>();
    Map<Integer, Long> behind = new TreeMap<>();
    Map<Integer, String> failed = new TreeMap<>();
    for (int p : partitions) {
      try {
        hits.addAll(query(p, false, store -> hits(store, query, k, threshold)));
        fresh.add(p);
        continue;
      } catch (IndexUnavailableException e) {
        if (!stale) {
          failed.put(p, e.getMessage());
          continue;
        }
      }
      try {
        long[] lag = {-1};
        hits.addAll(
            query(
                p,
                true,
                store -> {
                  List<SearchHit> found = hits(store, query, k, threshold);
                  lag[0] = store.changelogLag();
                  return found;
                }));
        behind.put(p, lag[0]);
      } catch (IndexUnavailableException e) {
        failed.put(p, e.getMessage());
      }
    }
    hits.sort(SearchHit::compare);
    return new PartitionAnswers(
        hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits, fresh, behind, failed);
  }

  private static List<SearchHit> hits(
      ReadOnlyFeatureStore store, MatchFeatures query, int k, int threshold) {
    return store.search(query, k, threshold).stream()
        .map(m -> new SearchHit(m.match(), m.record()))
        .toList();
  }

  /**
   * The record of {@code id} if the local active store of {@code partition} holds it; of any local
   * active partition for -1 (the key's partition not known yet).
   */
  public Optional<FeatureRecord> get(String id, int partition) {
    return query(partition, false, store -> store.get(id));
  }

  /**
   * The record of {@code id} from the local copy of {@code partition}, stale or not, with how far
   * behind the copy is (0 if it is the running active one).
   */
  public StaleRead get(String id, int partition, boolean stale) {
    try {
      return new StaleRead(query(partition, false, store -> store.get(id)), 0, false);
    } catch (IndexUnavailableException e) {
      if (!stale) {
        throw e;
      }
    }
    long[] lag = {-1};
    Optional<FeatureRecord> record =
        query(
            partition,
            true,
            store -> {
              lag[0] = store.changelogLag();
              return store.get(id);
            });
    return new StaleRead(record, lag[0], true);
  }

  /**
   * A record read from a local copy.
   *
   * @param record the record, if the copy holds it
   * @param lag how far behind its changelog the copy was, in offsets (-1 unknown)
   * @param stale whether it came from a standby or restoring copy
   */
  public record StaleRead(Optional<FeatureRecord> record, long lag, boolean stale) {}

  /**
   * Up to {@code limit} images after {@code after} in each of {@code partitions}, merged in {@link
   * ListedImage#ID_ORDER}: each partition from its active store here, else, if {@code stale} is
   * allowed, from a standby or restoring copy. Never throws for a partition that cannot answer.
   */
  public PartitionListing list(
      String after, int limit, Collection<Integer> partitions, boolean stale) {
    List<ListedImage> images = new ArrayList<>();
    Set<Integer> staleCopies = new TreeSet<>();
    Map<Integer, String> failed = new TreeMap<>();
    for (int p : partitions) {
      try {
        images.addAll(query(p, false, store -> store.list(after, limit)));
        continue;
      } catch (IndexUnavailableException e) {
        if (!stale) {
          failed.put(p, e.getMessage());
          continue;
        }
      }
      try {
        images.addAll(query(p, true, store -> store.list(after, limit)));
        staleCopies.add(p);
      } catch (IndexUnavailableException e) {
        failed.put(p, e.getMessage());
      }
    }
    images.sort(Comparator.comparing(ListedImage::id, ListedImage.ID_ORDER));
    return new PartitionListing(
        images.size() > limit ? List.copyOf(images.subList(0, limit)) : images,
        staleCopies,
        failed);
  }

  /** Number of images in the local active partitions. */
  public long size() {
    return query(-1, false, ReadOnlyFeatureStore::size);
  }

  /** Those of {@code partitions} whose local active store does not answer queries now. */
  public Set<Integer> unqueryable(Collection<Integer> partitions) {
    Set<Integer> missing = new TreeSet<>();
    for (int p : partitions) {
      try {
        query(p, false, ReadOnlyFeatureStore::size);
      } catch (IndexUnavailableException e) {
        missing.add(p);
      }
    }
    return missing;
  }

  private <T> T query(int partition, boolean stale, Function<ReadOnlyFeatureStore, T> read) {
    ReadOnlyFeatureStore store;
    try {
      store = stores.store(partition, stale);
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
