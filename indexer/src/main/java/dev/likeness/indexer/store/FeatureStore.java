package dev.likeness.indexer.store;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.keypoint.Keypoints;
import dev.likeness.core.match.BandHashes;
import dev.likeness.core.match.ImageMatcher;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.MatchHit;
import dev.likeness.core.match.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature index of one partition: a logged RocksDB key-value store (id → encoded {@link
 * FeatureRecord}) that is the durable truth, plus an in-memory {@link ImageMatcher} (the
 * whole-image hashes and the keypoint index); verification reads keypoints and thumbnails back from
 * RocksDB.
 *
 * <p>The wrapped store keeps its changelog, restore and metrics; this class only adds the index,
 * kept in step with every put and delete, and with every changelog record that restoration or a
 * standby update writes to RocksDB ({@link RestoreObservingStore}): a standby's index is current
 * when it is promoted. An index that is not built yet is built in bulk from RocksDB instead: when a
 * restoration ends, when a standby starts updating ({@link OpenFeatureStores}) and when the
 * processor starts; until then the store refuses searches rather than answer from a partial index.
 * {@link #checkConsistency()} compares the index with the store's contents.
 */
public final class FeatureStore implements StateStore, ReadOnlyFeatureStore {
  private static final Logger log = LoggerFactory.getLogger(FeatureStore.class);

  private final KeyValueStore<Bytes, byte[]> inner;
  private final OpenFeatureStores openStores;
  private final ImageMatcher index = new ImageMatcher(this::reference);
  // Why searches are refused (the index is not built, or being rebuilt); null once it is current.
  private volatile String unavailable = "the index is not built yet";
  // Whether the rebuild under way repairs an index found to differ from the store.
  private volatile boolean diverged;
  // Whether a restoration is writing to RocksDB: the index is rebuilt when it ends.
  private volatile boolean restoring;
  // Records of the store that the last rebuild could not decode: they are in RocksDB, not the
  // index.
  private volatile long unreadable;
  // The changelog offset of the last record written past the stack (restored or a standby update),
  // and the changelog end the listeners last reported; -1 while not known.
  private volatile long restoredOffset = -1;
  private volatile long changelogEnd = -1;
  // Whether the processor writes this store (an active task processing): then it is never behind.
  private volatile boolean processing;
  private TopicPartition changelog;
  private String partitionLabel = "?";

  /**
   * @param inner the logged store stack
   * @param rocksdb its innermost layer, which reports the changelog records written past the stack
   * @param openStores where the store registers while open
   */
  FeatureStore(
      KeyValueStore<Bytes, byte[]> inner,
      RestoreObservingStore rocksdb,
      OpenFeatureStores openStores) {
    this.inner = inner;
    this.openStores = openStores;
    rocksdb.observe(this::restored);
  }

  /**
   * Applies changelog records that restoration or a standby update wrote to RocksDB. Runs on the
   * thread that wrote them, which is the store's only writer then. An index that is not built is
   * left alone: it will be built in bulk from RocksDB, which holds these records already.
   */
  private void restored(Collection<ConsumerRecord<byte[], byte[]>> records) {
    processing = false;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      restoredOffset = Math.max(restoredOffset, r.offset());
    }
    if (unavailable != null) {
      return;
    }
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String id = new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null) {
        index.remove(id);
        continue;
      }
      try {
        index(id, FeatureRecordCodec.decode(r.value()));
      } catch (IllegalArgumentException e) {
        index.remove(id);
        unreadable++;
      }
    }
  }

  /**
   * Stores the record of {@code id} and indexes its hash and keypoints.
   *
   * @param encodedRecord {@code record} as {@link FeatureRecordCodec#encode} gives it
   */
  public void put(String id, FeatureRecord record, byte[] encodedRecord) {
    processing = true;
    inner.put(key(id), encodedRecord);
    index(id, record);
  }

  private void index(String id, FeatureRecord r) {
    index.put(id, r.hashes().original(), trimmed(r), r.hashes().quality(), keypoints(r));
  }

  private static Hash256 trimmed(FeatureRecord r) {
    return r.trimmedHash() == null ? null : r.trimmedHash().hash();
  }

  private static Keypoints keypoints(FeatureRecord r) {
    return r.hasLocalFeatures() ? KeypointCodec.decode(r.localFeatures()) : null;
  }

  /**
   * What verification needs of {@code id}, from RocksDB; null if it is gone or has no keypoints.
   */
  private Reference reference(String id) {
    byte[] v = inner.get(key(id));
    if (v == null) {
      return null;
    }
    FeatureRecord r = FeatureRecordCodec.decode(v);
    if (!r.hasLocalFeatures() || !r.hasThumbnail()) {
      return null;
    }
    try {
      return Reference.decode(
          r.hashes().original(),
          r.hashes().quality(),
          r.localFeatures(),
          r.bandHashes().size() == BandHashes.COUNT ? new BandHashes(r.bandHashes()) : null,
          r.thumbnail());
    } catch (RuntimeException e) {
      // An unreadable stored thumbnail or keypoint block only costs this candidate its
      // verification.
      log.warn("Cannot verify {} against its stored features: {}", id, e.toString());
      return null;
    }
  }

  /** Removes {@code id}; returns whether it was stored. */
  public boolean delete(String id) {
    processing = true;
    byte[] old = inner.delete(key(id));
    index.remove(id);
    return old != null;
  }

  /** Builds the index from RocksDB unless it is current (a restoration already rebuilt it). */
  public void ensureIndexed() {
    if (unavailable != null) {
      rebuildIndex();
    }
  }

  /**
   * A restoration starts writing to RocksDB. A current index follows it record by record; one that
   * is not built refuses searches until the restoration ends and {@link #restorationEnded} builds
   * it.
   */
  void restorationStarted(String range) {
    if (unavailable != null) {
      restoring = true;
      unavailable =
          "the index of partition " + partitionLabel + " is stale (restoring " + range + ")";
    }
  }

  /** The changelog offset up to which this copy holds the records, when a standby starts. */
  void changelogApplied(long offset) {
    restoredOffset = Math.max(restoredOffset, offset);
  }

  /** The changelog's end offset as a restoration or a standby update last saw it. */
  void changelogEndSeen(long endOffset) {
    changelogEnd = endOffset;
  }

  @Override
  public long changelogLag() {
    if (processing) {
      return 0;
    }
    long end = changelogEnd;
    long applied = restoredOffset;
    return end < 0 || applied < 0 ? -1 : Math.max(0, end - applied - 1);
  }

  /** Builds the index if the restoration that ended left it unbuilt. */
  void restorationEnded() {
    if (unavailable != null) {
      rebuildIndex();
    }
  }

  /** Rebuilds the in-memory index from RocksDB; searches are refused while it runs. */
  public void rebuildIndex() {
    if (unavailable == null) {
      unavailable = "the index of partition " + partitionLabel + " is being rebuilt";
    }
    long start = System.nanoTime();
    int[] bad = {0};
    // One bulk load: the multi-index lists are built once at the end, not grown by every put.
    index.reload(
        sink -> {
          try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext()) {
              KeyValue<Bytes, byte[]> kv = it.next();
              try {
                FeatureRecord r = FeatureRecordCodec.decode(kv.value);
                sink.accept(
                    new String(kv.key.get(), StandardCharsets.UTF_8),
                    r.hashes().original(),
                    trimmed(r),
                    r.hashes().quality(),
                    keypoints(r));
              } catch (IllegalArgumentException e) {
                bad[0]++;
              }
            }
          }
        });
    unreadable = bad[0];
    unavailable = null;
    diverged = false;
    restoring = false;
    openStores.indexBuilt(System.nanoTime() - start);
    log.info(
        "Indexed {} images of store {} partition {} in {} ms{}",
        index.size(),
        name(),
        partitionLabel,
        (System.nanoTime() - start) / 1_000_000,
        bad[0] > 0 ? " (" + bad[0] + " unreadable records skipped)" : "");
  }

  /**
   * Compares the index with the store's contents and rebuilds the index if they differ. RocksDB's
   * key estimate settles most checks; a full count is made only when the estimate is off. Call it
   * from the stream thread, which alone writes to the store, so that no put races the count.
   *
   * @return what was found; {@link Consistency#diverged()} if the index had to be rebuilt
   */
  public Consistency checkConsistency() {
    if (unavailable != null) {
      if (!restoring) {
        // Not built since the store was opened, and no restoration will build it: build it now.
        rebuildIndex();
      }
      return new Consistency(partitionLabel, index.size(), -1, false);
    }
    long expected = index.size() + unreadable;
    long estimate = inner.approximateNumEntries();
    // The estimate counts overwrites and deletes that compaction has not merged yet.
    if (Math.abs(estimate - expected) <= Math.max(16, expected / 20)) {
      return new Consistency(partitionLabel, index.size(), estimate, false);
    }
    long keys = 0;
    try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
      while (it.hasNext()) {
        it.next();
        keys++;
      }
    }
    if (keys == expected) {
      return new Consistency(partitionLabel, index.size(), keys, false);
    }
    Consistency found = new Consistency(partitionLabel, index.size(), keys, true);
    diverged = true;
    unavailable =
        "the index of partition "
            + partitionLabel
            + " held "
            + index.size()
            + " images but the store "
            + keys
            + "; rebuilding";
    log.warn(
        "Index of store {} partition {} diverged from RocksDB: {} images indexed, {} stored ({} unreadable);"
            + " rebuilding it",
        name(),
        partitionLabel,
        index.size(),
        keys,
        unreadable);
    rebuildIndex();
    return found;
  }

  /**
   * One consistency check.
   *
   * @param partition the task of the store
   * @param indexed images in the index when checked
   * @param stored records in the store (an estimate when close enough), or -1 if not checked
   * @param diverged whether they differed and the index was rebuilt
   */
  public record Consistency(String partition, long indexed, long stored, boolean diverged) {}

  /** Why the index cannot answer now, if it cannot. */
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailable);
  }

  @Override
  public Optional<FeatureRecord> get(String id) {
    byte[] v = inner.get(key(id));
    return v == null ? Optional.empty() : Optional.of(FeatureRecordCodec.decode(v));
  }

  @Override
  public List<StoredMatch> search(MatchFeatures query, int k, int threshold) {
    requireIndexed();
    List<StoredMatch> found = new ArrayList<>();
    for (MatchHit hit : index.search(query, k, threshold)) {
      byte[] v = inner.get(key(hit.id()));
      if (v != null) {
        found.add(new StoredMatch(hit, FeatureRecordCodec.decodeWithoutPayload(v)));
      }
    }
    return found;
  }

  @Override
  public List<ListedImage> list(String after, int limit) {
    List<ListedImage> page = new ArrayList<>(Math.min(limit, 1024));
    Bytes from = after == null ? null : key(after);
    // RocksDB keys are the ids' UTF-8 bytes: a range scan from the cursor is the listing's order.
    try (KeyValueIterator<Bytes, byte[]> it = inner.range(from, null)) {
      while (it.hasNext() && page.size() < limit) {
        KeyValue<Bytes, byte[]> kv = it.next();
        if (from != null && from.equals(kv.key)) {
          continue; // the cursor itself was on the previous page
        }
        try {
          page.add(
              new ListedImage(
                  new String(kv.key.get(), StandardCharsets.UTF_8),
                  FeatureRecordCodec.decodeWithoutPayload(kv.value)));
        } catch (IllegalArgumentException e) {
          // An unreadable record is not in the index either: leave it out of the listing too.
        }
      }
    }
    return page;
  }

  @Override
  public long size() {
    requireIndexed();
    return index.size();
  }

  private void requireIndexed() {
    String why = unavailable;
    if (why != null) {
      // The same exception as a store in transition: callers answer "partial", never a silent miss.
      throw diverged ? new IndexDivergedException(why) : new InvalidStateStoreException(why);
    }
  }

  /** The wrapped store, for tests that write behind the index. */
  KeyValueStore<Bytes, byte[]> inner() {
    return inner;
  }

  private static Bytes key(String id) {
    return Bytes.wrap(id.getBytes(StandardCharsets.UTF_8));
  }

  // ---- StateStore: everything delegates to the wrapped store, registered under this root ----

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    partitionLabel = context.taskId().toString();
    unavailable = "the index of partition " + partitionLabel + " is not built yet";
    changelog =
        new TopicPartition(
            context.applicationId() + "-" + name() + "-changelog", context.taskId().partition());
    openStores.opened(changelog, this);
    inner.init(context, root);
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public void close() {
    if (changelog != null) {
      openStores.closed(changelog, this);
    }
    unavailable = "the store of partition " + partitionLabel + " is closed";
    index.clear();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return inner.query(query, positionBound, config);
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
