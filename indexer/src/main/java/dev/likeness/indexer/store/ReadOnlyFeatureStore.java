package dev.likeness.indexer.store;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchFeatures;
import java.util.List;
import java.util.Optional;

/** The queryable view of the feature index: look up an image, or search by hash. */
public interface ReadOnlyFeatureStore {
  /** The feature record of {@code id}, if indexed. */
  Optional<FeatureRecord> get(String id);

  /**
   * The best {@code k} images scoring at most {@code threshold} for {@code query}, best first, each
   * with its stored record (without payload); an image deleted meanwhile is left out.
   */
  List<StoredMatch> search(MatchFeatures query, int k, int threshold);

  /**
   * Up to {@code limit} images whose ids come after {@code after} ({@code null}: from the first),
   * in {@link ListedImage#ID_ORDER}.
   */
  default List<ListedImage> list(String after, int limit) {
    throw new UnsupportedOperationException("this view of the index does not list its images");
  }

  /** Number of indexed images. */
  long size();

  /**
   * How far this copy is behind its changelog, in offsets, as last seen: 0 for the active copy that
   * writes the changelog, else what a standby or a restoration last saw of the changelog's end
   * (transaction markers count); -1 if not known.
   */
  default long changelogLag() {
    return 0;
  }
}
