package dev.likeness.core.match;

import dev.likeness.core.geometry.Similarity;
import dev.likeness.core.geometry.SimilarityRansac;
import dev.likeness.core.geometry.ViewpointChange;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.index.KeypointIndex;
import dev.likeness.core.keypoint.Correspondences;
import dev.likeness.core.keypoint.KeypointExtractor;
import dev.likeness.core.keypoint.Keypoints;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The keypoint path: a {@link KeypointIndex} votes for candidates, descriptor correspondences and a
 * RANSAC similarity verify them (the mirrored query's keypoints too), and the aligned overlapping
 * region is compared by PDQ ({@link RegionComparison}); the score is that distance. Each candidate
 * is also compared by its bands. When a candidate's keypoints fit a homography much better than a
 * similarity, or the similarity leaves a displacement that neighbouring keypoints share ({@link
 * ViewpointChange}), the query is a second photograph of the scene, not a copy: its score on every
 * path is raised.
 */
final class KeypointVerification implements PathSearch {
  /** Two-point samples RANSAC draws per candidate. */
  static final int RANSAC_ITERATIONS = 300;

  /** Smallest scale between query and indexed frames that a copy is taken to have. */
  static final double MIN_SCALE = 0.2;

  /** Largest such scale. */
  static final double MAX_SCALE = 5.0;

  private final ImageMatcher.Settings settings;
  private final QualityPenalty penalty;
  private final BandPath bands;
  private final KeypointIndex keypoints = new KeypointIndex();
  private final SimilarityRansac ransac;
  private final ReclaimableWorkspace<RegionComparison> regions =
      new ReclaimableWorkspace<>(RegionComparison::new);

  KeypointVerification(ImageMatcher.Settings settings, QualityPenalty penalty, BandPath bands) {
    this.settings = settings;
    this.penalty = penalty;
    this.bands = bands;
    // Mirrored copies are found by the mirrored query's keypoints, not by mirrored hypotheses.
    this.ransac =
        new SimilarityRansac(
            RANSAC_ITERATIONS,
            settings.tolerance() * KeypointExtractor.FRAME_SIDE,
            MIN_SCALE,
            MAX_SCALE,
            false);
  }

  /** Indexes {@code id}'s keypoints, or removes it if it has none (imported hashes). */
  void put(String id, Keypoints imageKeypoints) {
    if (imageKeypoints == null || imageKeypoints.count() == 0) {
      keypoints.remove(id);
    } else {
      keypoints.put(id, imageKeypoints);
    }
  }

  boolean remove(String id) {
    return keypoints.remove(id);
  }

  /** Replaces everything with the images {@code source} hands over, in one bulk load. */
  void reload(Consumer<BiConsumer<String, Keypoints>> source) {
    keypoints.reload(source);
  }

  void clear() {
    keypoints.clear();
  }

  KeypointIndex index() {
    return keypoints;
  }

  @Override
  public void search(MatchSearch search) {
    MatchFeatures query = search.query();
    if (query.frame() == null) {
      return;
    }
    verify(search, query.keypoints(), null);
    if (query.mirroredKeypoints() != null) {
      // Mirrored frame → frame: x ↦ (w − 1) − x.
      verify(
          search,
          query.mirroredKeypoints(),
          new Similarity(-1, 0, query.frame().width() - 1, 0, true));
    }
  }

  /**
   * Verifies the keypoint candidates, those the whole path found included: a copy keeps the lower
   * of its two scores, and a candidate whose keypoints show a change of viewpoint has its score
   * raised on both paths.
   */
  private void verify(MatchSearch search, Keypoints described, Similarity toFrame) {
    for (KeypointIndex.Candidate c :
        keypoints.candidates(described, settings.maxCandidates(), settings.minVotes())) {
      if (search.isSecondPhotograph(c.id())) {
        continue;
      }
      Reference ref = search.reference(c.id());
      if (ref == null) {
        continue;
      }
      bands.compare(search, c.id(), ref);
      Verification v = verifyOne(search.query(), described, toFrame, c.id(), ref);
      if (v == null) {
        continue;
      }
      if (v.hit() != null && search.flatQuery() && !search.samePicture(c.id())) {
        // Keypoints line one smooth shape up with another (a disc with a disc): a flat picture
        // is trusted only as a whole copy whose pixels agree.
        v =
            new Verification(
                v.hit().withScore(v.hit().score() + LowTextureCheck.PENALTY), v.viewpointChange());
      }
      if (v.viewpointChange()) {
        search.secondPhotograph(c.id(), v.hit(), settings.viewpointPenalty());
      } else if (v.hit() != null) {
        search.offerAlternative(v.hit());
      }
    }
  }

  /**
   * What verifying one candidate found: its keypoint hit (null without one) and whether the fit
   * shows a new viewpoint.
   */
  private record Verification(MatchHit hit, boolean viewpointChange) {}

  private Verification verifyOne(
      MatchFeatures query, Keypoints described, Similarity toFrame, String id, Reference ref) {
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
    RegionComparison.Result region =
        picture == null
            ? null
            : regions
                .get()
                .compare(query.frame(), picture, r.frameWidth(), r.frameHeight(), transform);
    if (region == null) {
      return new Verification(null, viewpointChange);
    }
    MatchHit hit =
        MatchHit.builder(id, MatchPath.KEYPOINTS, region.distance() + penalty.of(region.quality()))
            .fit(fit.inlierCount(), transform, region.region())
            .build();
    return new Verification(hit, viewpointChange);
  }

  /**
   * Whether the fit's inliers show a moved camera: they fit a homography much better than a
   * similarity, or the similarity leaves a displacement field that neighbouring keypoints share.
   */
  private boolean viewpointChange(
      float[] sx, float[] sy, float[] tx, float[] ty, SimilarityRansac.Fit fit) {
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
