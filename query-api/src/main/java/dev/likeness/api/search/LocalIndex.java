package dev.likeness.api.search;

import dev.likeness.core.hash.Hash256;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.record.FeatureRecord;
import dev.likeness.indexer.store.FeatureStoreType;
import dev.likeness.indexer.store.ReadOnlyFeatureStore;
import dev.likeness.indexer.topology.ImageTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** The partitions of the feature index hosted by this instance, through interactive queries. */
public final class LocalIndex {
  private final KafkaStreams streams;

  /** Queries the stores of {@code streams}. */
  public LocalIndex(KafkaStreams streams) {
    this.streams = streams;
  }

  private ReadOnlyFeatureStore store() {
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(ImageTopology.STORE, new FeatureStoreType()));
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // Expected while the stream starts, rebalances or stops: say so, without a stack trace.
      throw new IndexUnavailableException("the index on this instance is not available: " + e.getMessage());
    }
  }

  /** Searches every local partition; throws {@link IndexUnavailableException} while it cannot. */
  public List<SearchHit> search(List<Hash256> forms, int k, int maxDistance) {
    ReadOnlyFeatureStore store = store();
    List<SearchHit> hits = new ArrayList<>();
    for (IndexMatch m : store.search(forms, k, maxDistance)) {
      // A hit deleted between scan and lookup is simply dropped from the answer.
      store.get(m.id()).ifPresent(r -> hits.add(new SearchHit(m.id(), m.distance(), m.form(), r)));
    }
    return hits;
  }

  /** The record of {@code id} if a local partition holds it. */
  public Optional<FeatureRecord> get(String id) {
    return store().get(id);
  }

  /** Number of images in the local partitions. */
  public long size() {
    return store().size();
  }
}
