package dev.likeness.indexer.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature stores open on this node, by changelog partition, and the restore listener that keeps
 * their in-memory indexes equal to RocksDB: restoration writes to RocksDB behind a store's back, so
 * the index of a partition being restored is marked stale (its searches report the partition
 * missing) and rebuilt as soon as the restoration ends — whether the task is new, moved, or
 * re-created after its state was found corrupt and wiped.
 */
public final class OpenFeatureStores implements StateRestoreListener {
  private static final Logger log = LoggerFactory.getLogger(OpenFeatureStores.class);

  private final Map<TopicPartition, FeatureStore> open = new ConcurrentHashMap<>();

  void opened(TopicPartition changelog, FeatureStore store) {
    open.put(changelog, store);
  }

  void closed(TopicPartition changelog, FeatureStore store) {
    open.remove(changelog, store);
  }

  @Override
  public void onRestoreStart(
      TopicPartition changelog, String storeName, long startingOffset, long endingOffset) {
    FeatureStore store = open.get(changelog);
    if (store != null) {
      store.markIndexStale("restoring offsets " + startingOffset + " to " + endingOffset);
    }
  }

  @Override
  public void onBatchRestored(
      TopicPartition changelog, String storeName, long batchEndOffset, long numRestored) {}

  @Override
  public void onRestoreEnd(TopicPartition changelog, String storeName, long totalRestored) {
    FeatureStore store = open.get(changelog);
    if (store == null) {
      log.warn(
          "Restored {} records of {}, but no feature store is open for it",
          totalRestored,
          changelog);
      return;
    }
    store.rebuildIndex();
  }
}
