package dev.likeness.core.match;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHashes;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexMatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The whole-image path: the PDQ hash of each image as it is and without its uniform borders, each
 * in a {@link HammingIndex}, searched with all eight forms of the query as it is and trimmed; the
 * score is the Hamming distance, raised for low-quality hashes on either side.
 */
final class WholeImagePath implements PathSearch {
  /** Receives the images of a bulk {@link #reload}. */
  @FunctionalInterface
  interface Loader {
    void accept(String id, Hash256 wholeHash, Hash256 trimmedHash, int quality);
  }

  private final QualityPenalty penalty;
  private final int maxCandidates;
  private final HammingIndex whole = new HammingIndex();
  // Hashes without uniform borders, only for the images that have borders (a small share).
  private final HammingIndex trimmed = new HammingIndex();
  // Only the few indexed images under minQuality: their distances get the penalty.
  private final Map<String, Integer> lowQuality = new ConcurrentHashMap<>();

  WholeImagePath(QualityPenalty penalty, int maxCandidates) {
    this.penalty = penalty;
    this.maxCandidates = maxCandidates;
  }

  void put(String id, Hash256 wholeHash, Hash256 trimmedHash, int quality) {
    if (quality >= penalty.minQuality()) {
      lowQuality.remove(id);
    } else {
      lowQuality.put(id, quality);
    }
    whole.put(id, wholeHash);
    if (trimmedHash == null) {
      trimmed.remove(id);
    } else {
      trimmed.put(id, trimmedHash);
    }
  }

  /** Replaces everything, building the whole-image index's lists once at the end. */
  void reload(Consumer<Loader> source) {
    lowQuality.clear();
    trimmed.clear();
    whole.reload(
        sink ->
            source.accept(
                (id, hash, trimmedHash, quality) -> {
                  if (quality < penalty.minQuality()) {
                    lowQuality.put(id, quality);
                  }
                  sink.accept(id, hash);
                  if (trimmedHash != null) {
                    trimmed.put(id, trimmedHash);
                  }
                }));
  }

  boolean remove(String id) {
    lowQuality.remove(id);
    trimmed.remove(id);
    return whole.remove(id);
  }

  void clear() {
    whole.clear();
    trimmed.clear();
    lowQuality.clear();
  }

  int size() {
    return whole.size();
  }

  HammingIndex index() {
    return whole;
  }

  /**
   * The image as is against both indexes, and without its borders (if it has any) too: a framed
   * copy of a plain original, a plain crop of a framed original, and a trim that falls differently
   * in two copies all still meet on one pair. The first search reaches a little past the threshold:
   * the image's nearest whole-image hashes are candidates for the bands.
   */
  @Override
  public void search(MatchSearch search) {
    MatchFeatures query = search.query();
    int threshold = search.threshold();
    search.near(
        search(
            query.whole(), whole, Math.max(threshold, ImageMatcher.BAND_CANDIDATE_RADIUS), search));
    search(query.whole(), trimmed, threshold, search);
    if (query.trimmed() != null) {
      search(query.trimmed(), whole, threshold, search);
      search(query.trimmed(), trimmed, threshold, search);
    }
  }

  /** Records the hits of {@code query} in {@code index} within {@code radius}; returns them. */
  private List<IndexMatch> search(
      PdqHashes query, HammingIndex index, int radius, MatchSearch search) {
    int queryPenalty = penalty.of(query.quality());
    if (queryPenalty > radius || index.size() == 0) {
      return List.of();
    }
    int wholeK = Math.max(1, Math.min(Math.max(search.k(), maxCandidates), index.size()));
    List<IndexMatch> matches = index.search(query.forms(), wholeK, radius - queryPenalty);
    for (IndexMatch m : matches) {
      int score =
          m.distance()
              + Math.max(queryPenalty, penalty.of(lowQuality.getOrDefault(m.id(), 100)))
              + search.flatPenalty(m.id(), m.distance());
      search.offerWhole(
          MatchHit.builder(m.id(), MatchPath.WHOLE, score)
              .wholeDistance(m.distance())
              .form(m.form())
              .build());
    }
    return matches;
  }
}
