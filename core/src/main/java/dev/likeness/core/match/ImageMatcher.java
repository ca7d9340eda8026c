package dev.likeness.core.match;

import dev.likeness.core.geometry.Similarity;
import dev.likeness.core.geometry.SimilarityRansac;
import dev.likeness.core.geometry.ViewpointChange;
import dev.likeness.core.hash.Dihedral;
import dev.likeness.core.hash.Hash256;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.hash.PdqHashes;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.index.KeypointIndex;
import dev.likeness.core.keypoint.Correspondences;
import dev.likeness.core.keypoint.Keypoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds indexed images that an edited copy came from, by three paths with one score scale:
 * <ol>
 *   <li>whole: the PDQ hash of the image as it is and without its uniform borders, each in a
 *       {@link HammingIndex}, all eight forms of the query as it is and trimmed; the score is
 *       the Hamming distance;</li>
 *   <li>keypoints: a {@link KeypointIndex} votes for candidates, descriptor correspondences and a
 *       RANSAC similarity (mirrored hypotheses included) verify them, and the aligned overlapping
 *       region is compared by PDQ ({@link RegionComparison}); the score is that distance;</li>
 *   <li>bands: the keypoint candidates and the nearest whole-image hashes (up to {@link
 *       #BAND_CANDIDATE_RADIUS}) are compared by the PDQ hashes of three horizontal bands, plain and
 *       mirrored ({@link BandHashes}); the score is the larger distance of the two closest bands,
 *       so a caption across the third does not count.</li>
 * </ol>
 * An image's score is its lowest one. A hash of a flat or tiny picture (PDQ quality under {@link
 * Settings#minQuality}, on either side, or of the compared region) is less trustworthy, so its
 * distance is raised by half the shortfall: an exact copy of a flat image still matches, but
 * never as confidently as a copy of a detailed one. And when the keypoints of a candidate fit a
 * homography much better than a similarity, or the similarity leaves a displacement that
 * neighbouring keypoints share (parallax, an object that moved: {@link ViewpointChange}), the query
 * is a second photograph of the scene, not a copy: its score on both paths is raised by {@link
 * Settings#viewpointPenalty}.
 *
 * <p>Thread-safe: searches run concurrently with one writer (the indexes lock themselves).
 */
public final class ImageMatcher {
  /**
   * A recommended match threshold (scores at or under it are matches). On the 255-photo quality set
   * the 1 %-false-match threshold is 81 (unrelated photographs set it) and at 48 no distractor query
   * matched while 96.3 % of edited copies did. Near-identical non-copies (burst frames, a camera
   * moving over a poster) need a lower one: on the 565-photo set, which has them among its
   * distractors, 1 % of distractor queries score 33 or less (98.4 % of copies do), and 5.3 % score
   * 48 or less (quality/README.md). Callers that know their collection should calibrate it.
   */
  public static final int DEFAULT_THRESHOLD = 48;

  /**
   * Whole-image distance up to which the nearest images are also compared by their bands, whatever
   * the threshold: a caption moves the whole-image hash by tens of bits (36–92 on the quality set).
   * It is the default threshold, so a default search costs no more index work, and multi-index
   * hashing answers it on a large index.
   */
  static final int BAND_CANDIDATE_RADIUS = 48;

  private final ReferenceStore references;
  private final Settings settings;
  private final HammingIndex whole = new HammingIndex();
  // Hashes without uniform borders, only for the images that have borders (a small share).
  private final HammingIndex trimmed = new HammingIndex();
  private final KeypointIndex keypoints;
  private final SimilarityRansac ransac;
  private final PdqHasher hasher = new PdqHasher();
  private final ReclaimableWorkspace<RegionComparison> regions = new ReclaimableWorkspace<>(RegionComparison::new);
  // Only the few indexed images under minQuality: their whole-path distances get the penalty.
  private final Map<String, Integer> lowQuality = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * How the matcher trades recall, precision and time.
   *
   * @param minQuality PDQ quality under which a distance is raised by half the shortfall
   * @param maxCandidates keypoint candidates verified per query (per handedness)
   * @param minVotes smallest number of shared visual words for a candidate
   * @param minInliers smallest number of geometric inliers before the photometric check
   * @param tolerance RANSAC inlier tolerance as a share of the reference frame's longest side
   * @param viewpointF the {@link ViewpointChange} statistic above which matched keypoints show a
   *     second photograph of the scene rather than a copy
   * @param viewpointCoherence the {@link ViewpointChange#coherentResidual} (reference frame pixels)
   *     above which matched keypoints show a second photograph of the scene rather than a copy
   * @param viewpointPenalty added to the score of an image whose keypoints show a change of viewpoint
   */
  public record Settings(int minQuality, int maxCandidates, int minVotes, int minInliers, double tolerance,
      double viewpointF, double viewpointCoherence, int viewpointPenalty) {
    /** The measured defaults (see quality/README.md). */
    public static Settings defaults() {
      return new Settings(50, 20, 3, 8, 0.015, 16, 1.0, 32);
    }
  }

  /** A matcher with the default settings. */
  public ImageMatcher(ReferenceStore references) {
    this(references, Settings.defaults());
  }

  /** A matcher that fetches candidates' keypoints and pictures from {@code references}. */
  public ImageMatcher(ReferenceStore references, Settings settings) {
    this.references = references;
    this.settings = settings;
    this.keypoints = new KeypointIndex();
    double tol = settings.tolerance() * dev.likeness.core.keypoint.KeypointExtractor.FRAME_SIDE;
    this.ransac = new SimilarityRansac(300, tol, 0.2, 5.0, false);
  }

  /** Indexes an image under {@code id}, replacing what it had. */
  public void put(String id, MatchFeatures features) {
    put(id, features.whole().original(), features.trimmed() == null ? null : features.trimmed().original(),
        features.whole().quality(), features.keypoints());
  }

  /** Indexes an image from its stored parts (the primary hash, its quality, the keypoints). */
  public void put(String id, Hash256 wholeHash, Hash256 trimmedHash, int quality, Keypoints imageKeypoints) {
    if (quality >= settings.minQuality()) {
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
    // Imported hashes have no keypoints: they stay out of the keypoint index (and its heap).
    if (imageKeypoints == null || imageKeypoints.count() == 0) {
      keypoints.remove(id);
    } else {
      keypoints.put(id, imageKeypoints);
    }
  }

  /** Receives the images of a bulk {@link #reload}. */
  @FunctionalInterface
  public interface Loader {
    /** One image, as {@link #put(String, Hash256, Hash256, int, Keypoints)} takes it. */
    void accept(String id, Hash256 wholeHash, Hash256 trimmedHash, int quality, Keypoints imageKeypoints);
  }

  /**
   * Replaces everything with the images {@code source} hands to its loader, building the
   * whole-image index's lists once at the end (a rebuild after restore).
   */
  public void reload(java.util.function.Consumer<Loader> source) {
    keypoints.clear();
    lowQuality.clear();
    trimmed.clear();
    whole.reload(sink -> source.accept((id, hash, trimmedHash, quality, kp) -> {
      if (quality < settings.minQuality()) {
        lowQuality.put(id, quality);
      }
      sink.accept(id, hash);
      if (trimmedHash != null) {
        trimmed.put(id, trimmedHash);
      }
      if (kp != null && kp.count() > 0) {
        keypoints.put(id, kp);
      }
    }));
  }

  /** Removes {@code id}; whether either index held it. */
  public boolean remove(String id) {
    lowQuality.remove(id);
    trimmed.remove(id);
    boolean a = whole.remove(id);
    boolean b = keypoints.remove(id);
    return a || b;
  }

  /** Removes everything. */
  public void clear() {
    whole.clear();
    trimmed.clear();
    keypoints.clear();
    lowQuality.clear();
  }

  /** Number of indexed images (all are in the whole-image index; those with keypoints also in the other). */
  public int size() {
    return whole.size();
  }

  /** The whole-path index, to report its footprint. */
  public HammingIndex wholeIndex() {
    return whole;
  }

  /** The keypoint index, to report its footprint. */
  public KeypointIndex keypointIndex() {
    return keypoints;
  }

  /** The best {@code k} hits scoring at most {@code threshold}, lowest score first (ties by id). */
  public List<MatchHit> search(MatchFeatures query, int k, int threshold) {
    Map<String, MatchHit> best = new HashMap<>();
    // The image as is against both indexes, and without its borders (if it has any) too: a framed
    // copy of a plain original, a plain crop of a framed original, and a trim that falls
    // differently in two copies all still meet on one pair. The first search reaches a little past
    // the threshold: the image's nearest whole-image hashes are candidates for the bands.
    List<IndexMatch> near = searchWhole(query.whole(), whole, k, Math.max(threshold, BAND_CANDIDATE_RADIUS), best);
    searchWhole(query.whole(), trimmed, k, threshold, best);
    if (query.trimmed() != null) {
      searchWhole(query.trimmed(), whole, k, threshold, best);
      searchWhole(query.trimmed(), trimmed, k, threshold, best);
    }
    if (query.frame() != null) {
      java.util.Set<String> reshot = new java.util.HashSet<>();
      BandHashes[] queryBands = query.bands() == null ? BandHashes.plainAndMirrored(query.frame(), hasher)
          : query.mirroredBands() == null ? new BandHashes[] {query.bands()}
          : new BandHashes[] {query.bands(), query.mirroredBands()};
      SearchState state = new SearchState(queryBands, new java.util.HashSet<>(), new HashMap<>());
      for (IndexMatch m : near) {
        if (m.distance() > BAND_CANDIDATE_RADIUS) {
          continue; // the same candidates whatever the threshold
        }
        Reference ref = reference(m.id(), state);
        if (ref != null) {
          compareBands(state, m.id(), ref, best);
        }
      }
      verify(query, query.keypoints(), null, state, best, reshot);
      if (query.mirroredKeypoints() != null) {
        // Mirrored frame → frame: x ↦ (w − 1) − x.
        Similarity flip = new Similarity(-1, 0, query.frame().width() - 1, 0, true);
        verify(query, query.mirroredKeypoints(), flip, state, best, reshot);
      }
    }
    return best.values().stream()
        .filter(h -> h.score() <= threshold)
        .sorted(Comparator.comparingInt(MatchHit::score).thenComparing(MatchHit::id))
        .limit(k)
        .toList();
  }

  /** Records the whole-path hits of {@code query} in {@code index} within {@code radius}; returns them. */
  private List<IndexMatch> searchWhole(PdqHashes query, HammingIndex index, int k, int radius,
      Map<String, MatchHit> best) {
    int queryPenalty = penalty(query.quality());
    if (queryPenalty > radius || index.size() == 0) {
      return List.of();
    }
    int wholeK = Math.max(1, Math.min(Math.max(k, settings.maxCandidates()), index.size()));
    List<IndexMatch> matches = index.search(query.forms(), wholeK, radius - queryPenalty);
    for (IndexMatch m : matches) {
      int score = m.distance() + Math.max(queryPenalty, penalty(lowQuality.getOrDefault(m.id(), 100)));
      MatchHit known = best.get(m.id());
      if (known == null || score < known.score()) {
        best.put(m.id(), new MatchHit(m.id(), score, MatchPath.WHOLE, m.distance(), 0, null, null, m.form()));
      }
    }
    return matches;
  }

  /**
   * Verifies the keypoint candidates, those the whole path found included: a copy keeps the
   * lower of its two scores, and a candidate whose keypoints show a change of viewpoint (a second
   * photograph of the scene, see {@link ViewpointChange}) has its score raised on both paths.
   */
  private void verify(MatchFeatures query, Keypoints described, Similarity toFrame, SearchState state,
      Map<String, MatchHit> best, java.util.Set<String> reshot) {
    for (KeypointIndex.Candidate c : keypoints.candidates(described, settings.maxCandidates(), settings.minVotes())) {
      if (reshot.contains(c.id())) {
        continue;
      }
      Reference ref = reference(c.id(), state);
      if (ref == null) {
        continue;
      }
      compareBands(state, c.id(), ref, best);
      Verification v = verifyOne(query, described, toFrame, c.id(), ref);
      if (v == null) {
        continue;
      }
      MatchHit known = best.get(c.id());
      MatchHit hit = v.hit();
      if (v.viewpointChange()) {
        reshot.add(c.id());
        MatchHit base = hit == null || (known != null && known.score() < hit.score()) ? known : hit;
        if (base != null) {
          best.put(c.id(), new MatchHit(base.id(), base.score() + settings.viewpointPenalty(), base.path(),
              base.wholeDistance(), base.inliers(), base.transform(), base.region(), base.form()));
        }
      } else if (hit != null && (known == null || hit.score() < known.score())) {
        best.put(c.id(), known == null ? hit
            : new MatchHit(hit.id(), hit.score(), hit.path(), known.wholeDistance(), hit.inliers(), hit.transform(),
                hit.region(), null));
      }
    }
  }

  /**
   * One search's state: the query's band hashes, plain and mirrored (null without), the candidates
   * already compared by them, and the references already read (a candidate found by several
   * passes is read once).
   */
  private record SearchState(BandHashes[] queryBands, java.util.Set<String> compared, Map<String, Reference> fetched) {
  }

  /** {@code id}'s reference, read once per search; null if it has none. */
  private Reference reference(String id, SearchState search) {
    if (search.fetched().containsKey(id)) {
      return search.fetched().get(id);
    }
    Reference ref = references.reference(id);
    search.fetched().put(id, ref);
    return ref;
  }

  /** Scores a candidate by its bands, once per query: a copy under an overlay across one band. */
  private void compareBands(SearchState state, String id, Reference ref, Map<String, MatchHit> best) {
    if (state.queryBands() == null || ref.bands() == null || !state.compared().add(id)) {
      return;
    }
    MatchHit hit = null;
    for (int i = 0; i < state.queryBands().length; i++) {
      BandHashes.Comparison c = state.queryBands()[i].compare(ref.bands());
      int score = c.distance() + penalty(c.quality());
      if (hit == null || score < hit.score()) {
        Dihedral form = i == 0 ? Dihedral.ORIGINAL : BandHashes.MIRROR;
        hit = new MatchHit(id, score, MatchPath.BANDS, -1, 0, null, null, form);
      }
    }
    MatchHit known = best.get(id);
    if (known == null || hit.score() < known.score()) {
      best.put(id, known == null ? hit : new MatchHit(id, hit.score(), hit.path(), known.wholeDistance(), 0, null,
          null, hit.form()));
    }
  }

  /** What verifying one candidate found: its keypoint hit (null without one) and whether the fit shows a new viewpoint. */
  private record Verification(MatchHit hit, boolean viewpointChange) {
  }

  /** Bits added to a distance measured on a hash of PDQ quality {@code quality}. */
  int penalty(int quality) {
    return Math.max(0, (settings.minQuality() - quality + 1) / 2);
  }

  private Verification verifyOne(MatchFeatures query, Keypoints described, Similarity toFrame, String id,
      Reference ref) {
    Correspondences pairs = Correspondences.between(described, ref.keypoints());
    if (pairs.count() < settings.minInliers()) {
      return null;
    }
    int n = pairs.count();
    float[] sx = new float[n];
    float[] sy = new float[n];
    float[] tx = new float[n];
    float[] ty = new float[n];
    Keypoints r = ref.keypoints();
    for (int i = 0; i < n; i++) {
      sx[i] = described.x()[pairs.query()[i]];
      sy[i] = described.y()[pairs.query()[i]];
      tx[i] = r.x()[pairs.reference()[i]];
      ty[i] = r.y()[pairs.reference()[i]];
    }
    SimilarityRansac.Fit fit = ransac.fit(sx, sy, tx, ty, n);
    if (fit == null || fit.inlierCount() < settings.minInliers()) {
      return null;
    }
    boolean viewpointChange = viewpointChange(sx, sy, tx, ty, fit);
    // The fit maps the described frame; compose with the flip to map the query's own frame.
    Similarity transform = toFrame == null ? fit.transform() : fit.transform().after(toFrame);
    LumaImage picture = ref.picture();
    RegionComparison.Result region = picture == null ? null
        : regions.get().compare(query.frame(), picture, r.frameWidth(), r.frameHeight(), transform);
    if (region == null) {
      return new Verification(null, viewpointChange);
    }
    return new Verification(new MatchHit(id, region.distance() + penalty(region.quality()), MatchPath.KEYPOINTS, -1,
        fit.inlierCount(), transform, region.region(), null), viewpointChange);
  }

  /**
   * Whether the fit's inliers show a moved camera: they fit a homography much better than a
   * similarity, or the similarity leaves a displacement field that neighbouring keypoints share.
   */
  private boolean viewpointChange(float[] sx, float[] sy, float[] tx, float[] ty, SimilarityRansac.Fit fit) {
    int m = fit.inlierCount();
    if (m < ViewpointChange.MIN_POINTS) {
      return false;
    }
    double[] x = new double[m];
    double[] y = new double[m];
    double[] u = new double[m];
    double[] v = new double[m];
    double[] ru = new double[m];
    double[] rv = new double[m];
    Similarity t = fit.transform();
    for (int i = 0, j = 0; i < fit.inliers().length && j < m; i++) {
      if (fit.inliers()[i]) {
        x[j] = sx[i];
        y[j] = sy[i];
        u[j] = tx[i];
        v[j] = ty[i];
        ru[j] = t.mapX(sx[i], sy[i]) - tx[i];
        rv[j] = t.mapY(sx[i], sy[i]) - ty[i];
        j++;
      }
    }
    return ViewpointChange.fStatistic(x, y, u, v, m) > settings.viewpointF()
        || ViewpointChange.coherentResidual(u, v, ru, rv, m) > settings.viewpointCoherence();
  }
}
