package dev.likeness.indexer.store;

import dev.likeness.core.hash.Hash256;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.record.FeatureRecord;
import java.util.List;
import java.util.Optional;

/** The queryable view of the feature index: look up an image, or search by hash. */
public interface ReadOnlyFeatureStore {
  /** The feature record of {@code id}, if indexed. */
  Optional<FeatureRecord> get(String id);

  /**
   * The best {@code k} images within {@code maxDistance} of any of the query forms, best first.
   *
   * @param queryForms the query hash under each dihedral form, in {@code Dihedral} order
   */
  List<IndexMatch> search(List<Hash256> queryForms, int k, int maxDistance);

  /** Number of indexed images. */
  long size();
}
