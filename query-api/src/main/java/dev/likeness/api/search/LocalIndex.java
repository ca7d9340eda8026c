package dev.likeness.api.search;

import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.MatchHit;
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
  public List<SearchHit> search(MatchFeatures query, int k, int threshold) {
    ReadOnlyFeatureStore store = store();
    List<SearchHit> hits = new ArrayList<>();
    for (MatchHit m : store.search(query, k, threshold)) {
      // A hit deleted between scan and lookup is simply dropped from the answer.
      store.get(m.id()).ifPresent(r -> hits.add(new SearchHit(m, r.withoutPayload())));
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
