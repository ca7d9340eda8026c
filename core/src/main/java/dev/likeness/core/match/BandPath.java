package dev.likeness.core.match;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.index.IndexMatch;

/**
 * The band path: the nearest whole-image hashes (up to {@link ImageMatcher#BAND_CANDIDATE_RADIUS})
 * and the keypoint candidates are compared by the PDQ hashes of three horizontal bands, plain and
 * mirrored ({@link BandHashes}); the score is the larger distance of the two closest bands, so a
 * caption across the third does not count.
 */
final class BandPath implements PathSearch {
  private final PdqHasher hasher = new PdqHasher();
  private final QualityPenalty penalty;

  BandPath(QualityPenalty penalty) {
    this.penalty = penalty;
  }

  @Override
  public void search(MatchSearch search) {
    MatchFeatures query = search.query();
    if (query.frame() == null) {
      return;
    }
    search.queryBands(
        query.bands() == null
            ? BandHashes.plainAndMirrored(query.frame(), hasher)
            : query.mirroredBands() == null
                ? new BandHashes[] {query.bands()}
                : new BandHashes[] {query.bands(), query.mirroredBands()});
    for (IndexMatch m : search.near()) {
      if (m.distance() > ImageMatcher.BAND_CANDIDATE_RADIUS) {
        continue; // the same candidates whatever the threshold
      }
      Reference ref = search.reference(m.id());
      if (ref != null) {
        compare(search, m.id(), ref);
      }
    }
  }

  /** Scores a candidate by its bands, once per search: a copy under an overlay across one band. */
  void compare(MatchSearch search, String id, Reference ref) {
    BandHashes[] queryBands = search.queryBands();
    if (queryBands == null || ref.bands() == null || !search.firstBandComparison(id)) {
      return;
    }
    MatchHit hit = null;
    for (int i = 0; i < queryBands.length; i++) {
      BandHashes.Comparison c = queryBands[i].compare(ref.bands());
      int score = c.distance() + penalty.of(c.quality());
      if (hit == null || score < hit.score()) {
        Dihedral form = i == 0 ? Dihedral.ORIGINAL : BandHashes.MIRROR;
        hit = MatchHit.builder(id, MatchPath.BANDS, score).form(form).build();
      }
    }
    int flat = search.flatPenalty(id, hit.score());
    if (flat > 0) {
      hit = hit.withScore(hit.score() + flat);
    }
    search.offerAlternative(hit);
  }
}
