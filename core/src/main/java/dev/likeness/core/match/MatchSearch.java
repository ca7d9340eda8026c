package dev.likeness.core.match;

import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.index.IndexMatch;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One search as the paths carry it out: the query, the best hit so far per indexed image (the rule
 * that fuses the paths' scores), and what the paths share — the whole path's nearest images, the
 * query's band hashes, the candidates already compared by bands or seen to be a second photograph,
 * and the references already read (a candidate found by several passes is read once).
 */
final class MatchSearch {
  private final MatchFeatures query;
  private final int k;
  private final int threshold;
  private final ReferenceStore references;
  private final Map<String, MatchHit> best = new HashMap<>();
  private final Map<String, Reference> fetched = new HashMap<>();
  private final Set<String> comparedByBands = new HashSet<>();
  private final Set<String> reshot = new HashSet<>();
  private final Map<String, Boolean> samePicture = new HashMap<>();
  private List<IndexMatch> near = List.of();
  private BandHashes[] queryBands;
  private Boolean flatQuery;

  MatchSearch(MatchFeatures query, int k, int threshold, ReferenceStore references) {
    this.query = query;
    this.k = k;
    this.threshold = threshold;
    this.references = references;
  }

  MatchFeatures query() {
    return query;
  }

  int k() {
    return k;
  }

  int threshold() {
    return threshold;
  }

  /** A whole-path hit: kept if it is the image's best so far. */
  void offerWhole(MatchHit hit) {
    MatchHit known = best.get(hit.id());
    if (known == null || hit.score() < known.score()) {
      best.put(hit.id(), hit);
    }
  }

  /**
   * A band or keypoint hit: kept if it is the image's best so far, with the whole-image distance
   * already known.
   */
  void offerAlternative(MatchHit hit) {
    MatchHit known = best.get(hit.id());
    if (known == null) {
      best.put(hit.id(), hit);
    } else if (hit.score() < known.score()) {
      best.put(hit.id(), hit.withWholeDistance(known.wholeDistance()));
    }
  }

  /**
   * The candidate {@code id} is a second photograph of the scene: its best score so far, or its
   * keypoint {@code hit} if lower, is raised by {@code penalty}, and it is not verified again.
   */
  void secondPhotograph(String id, MatchHit hit, int penalty) {
    reshot.add(id);
    MatchHit known = best.get(id);
    MatchHit base = hit == null || (known != null && known.score() < hit.score()) ? known : hit;
    if (base != null) {
      best.put(id, base.withScore(base.score() + penalty));
    }
  }

  boolean isSecondPhotograph(String id) {
    return reshot.contains(id);
  }

  /** {@code id}'s reference, read once per search; null if it has none. */
  Reference reference(String id) {
    if (fetched.containsKey(id)) {
      return fetched.get(id);
    }
    Reference ref = references.reference(id);
    fetched.put(id, ref);
    return ref;
  }

  /**
   * Whether the query is a flat, low-texture picture ({@link LowTextureCheck}), measured once;
   * false for a query without a frame (stored hashes).
   */
  boolean flatQuery() {
    if (flatQuery == null) {
      flatQuery =
          query.frame() != null && LowTextureCheck.flat(LowTextureCheck.texture(query.frame()));
    }
    return flatQuery;
  }

  /**
   * Whether the query's pixels are {@code id}'s picture in some dihedral form, checked once per
   * search; false if it has no picture.
   */
  boolean samePicture(String id) {
    return samePicture.computeIfAbsent(
        id,
        key -> {
          Reference ref = reference(key);
          LumaImage picture = ref == null ? null : ref.picture();
          return picture != null && LowTextureCheck.samePicture(query.frame(), picture);
        });
  }

  /**
   * What a hit on {@code id} by a whole-image or band hash at {@code distance} adds for a flat
   * query: {@link LowTextureCheck#PENALTY} unless the pixels agree (checked only within {@link
   * ImageMatcher#BAND_CANDIDATE_RADIUS}, where a match can matter); nothing for other queries.
   */
  int flatPenalty(String id, int distance) {
    if (!flatQuery()) {
      return 0;
    }
    return distance <= ImageMatcher.BAND_CANDIDATE_RADIUS && samePicture(id)
        ? 0
        : LowTextureCheck.PENALTY;
  }

  /** Whether {@code id} is compared by bands for the first time (then it is marked). */
  boolean firstBandComparison(String id) {
    return comparedByBands.add(id);
  }

  List<IndexMatch> near() {
    return near;
  }

  void near(List<IndexMatch> matches) {
    near = matches;
  }

  BandHashes[] queryBands() {
    return queryBands;
  }

  void queryBands(BandHashes[] bands) {
    queryBands = bands;
  }

  /** The best {@code k} hits scoring at most the threshold, lowest score first (ties by id). */
  List<MatchHit> top() {
    return best.values().stream()
        .filter(h -> h.score() <= threshold)
        .sorted(Comparator.comparingInt(MatchHit::score).thenComparing(MatchHit::id))
        .limit(k)
        .toList();
  }
}
