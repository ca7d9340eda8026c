package dev.likeness.indexer.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature stores open on this node, by changelog partition, and the listeners that build their
 * in-memory indexes when the stores are written in bulk. A store whose index is current follows
 * restored records one by one; one whose index is not built yet (a new, moved or wiped task) has it
 * built from RocksDB when its restoration ends, and a standby's when it starts updating, so that
 * the standby's index is current from then on and its promotion costs no rebuild.
 */
public final class OpenFeatureStores implements StateRestoreListener, StandbyUpdateListener {
  private static final Logger log = LoggerFactory.getLogger(OpenFeatureStores.class);

  private final Map<TopicPartition, FeatureStore> open = new ConcurrentHashMap<>();
  private final LongConsumer buildTimes;

  /** Stores that report the time of each bulk build of their index to {@code buildTimes} (ns). */
  public OpenFeatureStores(LongConsumer buildTimes) {
    this.buildTimes = buildTimes;
  }

  void indexBuilt(long nanos) {
    buildTimes.accept(nanos);
  }

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
      store.changelogEndSeen(endingOffset);
      store.restorationStarted("offsets " + startingOffset + " to " + endingOffset);
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
    store.restorationEnded();
  }

  @Override
  public void onUpdateStart(TopicPartition changelog, String storeName, long startingOffset) {
    FeatureStore store = open.get(changelog);
    if (store != null) {
      store.changelogApplied(startingOffset - 1);
      store.ensureIndexed();
    }
  }

  @Override
  public void onBatchLoaded(
      TopicPartition changelog,
      String storeName,
      TaskId taskId,
      long batchEndOffset,
      long batchSize,
      long currentEndOffset) {
    FeatureStore store = open.get(changelog);
    if (store != null) {
      store.changelogEndSeen(currentEndOffset);
    }
  }

  @Override
  public void onUpdateSuspended(
      TopicPartition changelog,
      String storeName,
      long storeOffset,
      long currentEndOffset,
      SuspendReason reason) {}
}
