package dev.likeness.indexer.store;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds {@link FeatureStore}s around a logged, uncached persistent RocksDB key-value store. */
public final class FeatureStoreBuilder implements StoreBuilder<FeatureStore> {
  private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
  private final OpenFeatureStores openStores;

  /**
   * A builder for the store called {@code name}, logged with the given changelog configs, whose
   * stores register in {@code openStores} while open.
   */
  public FeatureStoreBuilder(
      String name, Map<String, String> changelogConfig, OpenFeatureStores openStores) {
    this.openStores = openStores;
    // No caching: the in-memory index must see exactly what RocksDB holds.
    this.inner =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled()
            .withLoggingEnabled(changelogConfig);
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
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<FeatureStore> withLoggingDisabled() {
    // Without a changelog a fail-over loses entries; refuse rather than degrade silently.
    throw new UnsupportedOperationException("the feature store is always logged");
  }

  @Override
  public FeatureStore build() {
    return new FeatureStore(inner.build(), openStores);
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return inner.loggingEnabled();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
