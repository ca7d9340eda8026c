package dev.likeness.indexer.store;

import java.io.File;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The innermost layer of a feature store: the RocksDB store itself, plus a view of the changelog
 * records that restoration and standby updates write into it. Those writes go from the changelog
 * straight to RocksDB, past every outer layer, so this is the one place where they can be seen.
 *
 * <p>RocksDB registers its own batch restore callback when it is initialised; this store hands it a
 * context whose {@code register} wraps that callback, so each batch is written first and then
 * passed to the observer. Only the public {@link StateStoreContext} is wrapped, which is all the
 * RocksDB store uses; the callback type is Streams' record-batching one, kept so that RocksDB still
 * receives whole consumer records (it tracks positions from their offsets).
 */
final class RestoreObservingStore implements KeyValueStore<Bytes, byte[]> {
  private final KeyValueStore<Bytes, byte[]> rocksdb;
  private volatile Consumer<Collection<ConsumerRecord<byte[], byte[]>>> observer = batch -> {};

  RestoreObservingStore(KeyValueStore<Bytes, byte[]> rocksdb) {
    this.rocksdb = rocksdb;
  }

  /** Receives every batch of changelog records after it was written to RocksDB. */
  void observe(Consumer<Collection<ConsumerRecord<byte[], byte[]>>> batches) {
    this.observer = batches;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    rocksdb.init(new ObservingContext(context), root);
  }

  private StateRestoreCallback observed(StateRestoreCallback callback) {
    if (callback instanceof RecordBatchingStateRestoreCallback batching) {
      return (RecordBatchingStateRestoreCallback)
          records -> {
            batching.restoreBatch(records);
            observer.accept(records);
          };
    }
    // Not RocksDB's batching callback: restore record by record, observing each.
    return (key, value) -> {
      callback.restore(key, value);
      observer.accept(List.of(new ConsumerRecord<>("", 0, -1, key, value)));
    };
  }

  /** The store's context, except that the restore callback registered through it is observed. */
  private final class ObservingContext implements StateStoreContext {
    private final StateStoreContext context;

    ObservingContext(StateStoreContext context) {
      this.context = context;
    }

    @Override
    public void register(StateStore store, StateRestoreCallback callback) {
      context.register(store, observed(callback));
    }

    @Override
    public void register(StateStore store, StateRestoreCallback callback, CommitCallback commit) {
      context.register(store, observed(callback), commit);
    }

    @Override
    public String applicationId() {
      return context.applicationId();
    }

    @Override
    public TaskId taskId() {
      return context.taskId();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
      return context.recordMetadata();
    }

    @Override
    public Serde<?> keySerde() {
      return context.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
      return context.valueSerde();
    }

    @Override
    public File stateDir() {
      return context.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
      return context.metrics();
    }

    @Override
    public Map<String, Object> appConfigs() {
      return context.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
      return context.appConfigsWithPrefix(prefix);
    }
  }

  // ---- everything else is the RocksDB store's ----

  @Override
  public void put(Bytes key, byte[] value) {
    rocksdb.put(key, value);
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    return rocksdb.putIfAbsent(key, value);
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    rocksdb.putAll(entries);
  }

  @Override
  public byte[] delete(Bytes key) {
    return rocksdb.delete(key);
  }

  @Override
  public byte[] get(Bytes key) {
    return rocksdb.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return rocksdb.range(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return rocksdb.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return rocksdb.all();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return rocksdb.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
      P prefix, PS prefixKeySerializer) {
    return rocksdb.prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
    return rocksdb.readOnly(isolationLevel);
  }

  @Override
  public long approximateNumEntries() {
    return rocksdb.approximateNumEntries();
  }

  @Override
  public String name() {
    return rocksdb.name();
  }

  @Override
  public void flush() {
    rocksdb.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    rocksdb.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return rocksdb.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return rocksdb.managesOffsets();
  }

  @Override
  public void close() {
    rocksdb.close();
  }

  @Override
  public boolean persistent() {
    return rocksdb.persistent();
  }

  @Override
  public boolean isOpen() {
    return rocksdb.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return rocksdb.query(query, positionBound, config);
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return rocksdb.approximateNumUncommittedBytes();
  }

  @Override
  public Position getPosition() {
    return rocksdb.getPosition();
  }
}
