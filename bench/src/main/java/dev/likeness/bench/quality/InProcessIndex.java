package dev.likeness.bench.quality;

import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.feature.ImageSource;
import dev.likeness.core.hash.Hash256;
import dev.likeness.core.hash.PdqHashes;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.record.FeatureRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The production feature path without Kafka: {@link FeatureExtractor#extract} on the file bytes,
 * the record's primary hash into a {@link HammingIndex} (as {@code FeatureStore} does), and
 * searches with all eight dihedral forms of the query (as the API does). In-process so that
 * thousands of queries take minutes, not hours; the scoring is the same code.
 */
public final class InProcessIndex {
  // FeatureExtractor keeps per-instance buffers; one per thread keeps it lock-free.
  private final ThreadLocal<FeatureExtractor> extractors = ThreadLocal.withInitial(FeatureExtractor::new);
  private final HammingIndex index = new HammingIndex();
  private final Map<String, Hash256> stored = new ConcurrentHashMap<>();

  /** Indexes the image {@code bytes} under {@code id}. */
  public void add(String id, byte[] bytes) throws ImageRejectedException {
    FeatureRecord record = extractors.get().extract(bytes, ImageSource.uploadedAt(0), 0);
    Hash256 primary = record.hashes().original();
    stored.put(id, primary);
    index.put(id, primary);
  }

  /** Number of indexed images. */
  public int size() {
    return index.size();
  }

  /** The eight dihedral hashes of a query image. */
  public PdqHashes queryHashes(byte[] bytes) throws ImageRejectedException {
    return extractors.get().hashes(bytes);
  }

  /** The best {@code k} within {@code radius} of any form of {@code query}. */
  public List<IndexMatch> search(PdqHashes query, int k, int radius) {
    return index.search(query.forms(), k, radius);
  }

  /**
   * The distance between {@code query} (best of its forms) and the stored hash of {@code id}, the
   * same number the index would report, whether or not {@code id} made the top k.
   */
  public int distanceTo(PdqHashes query, String id) {
    Hash256 target = stored.get(id);
    if (target == null) {
      return QueryOutcome.NONE;
    }
    int best = QueryOutcome.NONE;
    for (Hash256 form : query.forms()) {
      best = Math.min(best, form.distance(target));
    }
    return best;
  }
}
