package dev.likeness.indexer.store;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds {@link FeatureStore}s around a logged, uncached persistent RocksDB key-value store whose
 * innermost layer reports the changelog records restoration writes ({@link RestoreObservingStore}).
 */
public final class FeatureStoreBuilder implements StoreBuilder<FeatureStore> {
  private final String name;
  private final OpenFeatureStores openStores;
  private Map<String, String> changelogConfig;

  /**
   * A builder for the store called {@code name}, logged with the given changelog configs, whose
   * stores register in {@code openStores} while open.
   */
  public FeatureStoreBuilder(
      String name, Map<String, String> changelogConfig, OpenFeatureStores openStores) {
    this.name = name;
    this.changelogConfig = Map.copyOf(changelogConfig);
    this.openStores = openStores;
  }

  @Override
  public StoreBuilder<FeatureStore> withCachingEnabled() {
    throw new UnsupportedOperationException("the feature store is never cached");
  }

  @Override
  public StoreBuilder<FeatureStore> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<FeatureStore> withLoggingEnabled(Map<String, String> config) {
    changelogConfig = Map.copyOf(config);
    return this;
  }

  @Override
  public StoreBuilder<FeatureStore> withLoggingDisabled() {
    // Without a changelog a fail-over loses entries; refuse rather than degrade silently.
    throw new UnsupportedOperationException("the feature store is always logged");
  }

  @Override
  public FeatureStore build() {
    RestoreObservingStore rocksdb =
        new RestoreObservingStore(Stores.persistentKeyValueStore(name).get());
    // No caching: the in-memory index must see exactly what RocksDB holds.
    KeyValueStore<Bytes, byte[]> logged =
        Stores.keyValueStoreBuilder(supplierOf(rocksdb), Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled()
            .withLoggingEnabled(changelogConfig)
            .build();
    return new FeatureStore(logged, rocksdb, openStores);
  }

  private KeyValueBytesStoreSupplier supplierOf(RestoreObservingStore store) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return store;
      }

      @Override
      public String metricsScope() {
        return "rocksdb";
      }
    };
  }

  @Override
  public Map<String, String> logConfig() {
    return changelogConfig;
  }

  @Override
  public boolean loggingEnabled() {
    return true;
  }

  @Override
  public String name() {
    return name;
  }
}
