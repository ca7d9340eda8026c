package dev.likeness.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The innermost layer sees what restoration writes: RocksDB's own callback still gets whole
 * consumer records, first, and the observer gets the same batch after.
 */
class RestoreObservingStoreTest {

  /**
   * An in-memory store standing in for RocksDB: it registers a batching callback as RocksDB does.
   */
  private static final class BatchRestoringStore extends DelegatingStore {
    final List<String> restoredKeys = new ArrayList<>();

    BatchRestoringStore() {
      super(Stores.inMemoryKeyValueStore("features").get());
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      context.register(
          root,
          (RecordBatchingStateRestoreCallback)
              records ->
                  records.forEach(
                      r -> restoredKeys.add(new String(r.key(), StandardCharsets.UTF_8))));
    }
  }

  @Test
  void restoredBatchesReachTheStoreFirstThenTheObserver() {
    BatchRestoringStore rocksdb = new BatchRestoringStore();
    RestoreObservingStore store = new RestoreObservingStore(rocksdb);
    List<String> observed = new ArrayList<>();
    store.observe(
        batch -> {
          // The store has written the batch by the time the observer sees it.
          assertThat(rocksdb.restoredKeys).hasSize(observed.size() + batch.size());
          batch.forEach(r -> observed.add(new String(r.key(), StandardCharsets.UTF_8)));
        });
    AtomicReference<StateRestoreCallback> registered = new AtomicReference<>();
    store.init(contextCapturing(registered), store);

    assertThat(registered.get()).isInstanceOf(RecordBatchingStateRestoreCallback.class);
    Collection<ConsumerRecord<byte[], byte[]>> batch =
        List.of(record(0, "a", "1"), record(1, "b", null), record(2, "c", "3"));
    ((RecordBatchingStateRestoreCallback) registered.get()).restoreBatch(batch);

    assertThat(rocksdb.restoredKeys).containsExactly("a", "b", "c");
    assertThat(observed).containsExactly("a", "b", "c");
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
    return new ConsumerRecord<>(
        "app-features-changelog",
        0,
        offset,
        key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** A context that keeps the restore callback registered through it and supports nothing else. */
  private static StateStoreContext contextCapturing(AtomicReference<StateRestoreCallback> into) {
    return (StateStoreContext)
        Proxy.newProxyInstance(
            StateStoreContext.class.getClassLoader(),
            new Class<?>[] {StateStoreContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("register")) {
                into.set((StateRestoreCallback) args[1]);
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  /** Delegates every store method to an in-memory store. */
  private abstract static class DelegatingStore implements KeyValueStore<Bytes, byte[]> {
    private final KeyValueStore<Bytes, byte[]> inner;

    DelegatingStore(KeyValueStore<Bytes, byte[]> inner) {
      this.inner = inner;
    }

    @Override
    public void put(Bytes key, byte[] value) {
      inner.put(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
      return inner.putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
      inner.putAll(entries);
    }

    @Override
    public byte[] delete(Bytes key) {
      return inner.delete(key);
    }

    @Override
    public byte[] get(Bytes key) {
      return inner.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      return inner.all();
    }

    @Override
    public long approximateNumEntries() {
      return inner.approximateNumEntries();
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void close() {}

    @Override
    public boolean persistent() {
      return true;
    }

    @Override
    public boolean isOpen() {
      return true;
    }
  }
}
