package dev.likeness.core.match;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.geometry.ViewpointChange;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.KeypointIndex;
import dev.likeness.core.keypoint.Keypoints;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds indexed images that an edited copy came from, by three paths with one score scale, run in
 * this order on one {@link MatchSearch}:
 *
 * <ol>
 *   <li>whole ({@link WholeImagePath}): the PDQ hash of the image as it is and without its uniform
 *       borders, each in a {@link HammingIndex}, all eight forms of the query as it is and trimmed;
 *       the score is the Hamming distance;
 *   <li>bands ({@link BandPath}): the nearest whole-image hashes (up to {@link
 *       #BAND_CANDIDATE_RADIUS}) and the keypoint candidates are compared by the PDQ hashes of
 *       three horizontal bands, plain and mirrored ({@link BandHashes}); the score is the larger
 *       distance of the two closest bands, so a caption across the third does not count;
 *   <li>keypoints ({@link KeypointVerification}): a {@link KeypointIndex} votes for candidates,
 *       descriptor correspondences and a RANSAC similarity verify them, and the aligned overlapping
 *       region is compared by PDQ ({@link RegionComparison}); the score is that distance.
 * </ol>
 *
 * An image's score is its lowest one. A hash of a flat or tiny picture (PDQ quality under {@link
 * Settings#minQuality}, on either side, or of the compared region) is less trustworthy, so its
 * distance is raised by half the shortfall: an exact copy of a flat image still matches, but never
 * as confidently as a copy of a detailed one. And when the keypoints of a candidate fit a
 * homography much better than a similarity, or the similarity leaves a displacement that
 * neighbouring keypoints share (parallax, an object that moved: {@link ViewpointChange}), the query
 * is a second photograph of the scene, not a copy: its score on both paths is raised by {@link
 * Settings#viewpointPenalty}. A flat, low-texture query (a planet, a sky, a product on white) is
 * trusted only as a whole copy whose pixels agree with the indexed picture ({@link
 * LowTextureCheck}); and a translucent overlay over a keypoint-aligned region (a stock-photo
 * watermark) is taken out before the region is hashed ({@link TranslucentOverlay}).
 *
 * <p>Thread-safe: searches run concurrently with one writer (the indexes lock themselves).
 */
public final class ImageMatcher {
  /**
   * A recommended match threshold (scores at or under it are matches). On the 255-photo quality set
   * the 1 %-false-match threshold is 81 (unrelated photographs set it) and at 48 no distractor
   * query matched while 96.3 % of edited copies did. Near-identical non-copies (burst frames, a
   * camera moving over a poster) need a lower one: on the 565-photo set, which has them among its
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
  private final WholeImagePath wholePath;
  private final KeypointVerification keypointPath;
  private final List<PathSearch> paths;

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
   * @param viewpointPenalty added to the score of an image whose keypoints show a change of
   *     viewpoint
   */
  public record Settings(
      int minQuality,
      int maxCandidates,
      int minVotes,
      int minInliers,
      double tolerance,
      double viewpointF,
      double viewpointCoherence,
      int viewpointPenalty) {
    /**
     * @throws IllegalArgumentException naming the setting out of its range
     */
    public Settings {
      require(minQuality >= 0 && minQuality <= 100, "minQuality must be 0–100, was " + minQuality);
      require(maxCandidates >= 1, "maxCandidates must be at least 1, was " + maxCandidates);
      require(minVotes >= 1, "minVotes must be at least 1, was " + minVotes);
      // A similarity has four degrees of freedom: two correspondences fit any.
      require(minInliers >= 3, "minInliers must be at least 3, was " + minInliers);
      require(
          tolerance > 0 && tolerance < 1,
          "tolerance must be a share of the frame in (0, 1), was " + tolerance);
      require(viewpointF > 0, "viewpointF must be positive, was " + viewpointF);
      require(
          viewpointCoherence > 0, "viewpointCoherence must be positive, was " + viewpointCoherence);
      require(
          viewpointPenalty >= 0, "viewpointPenalty must not be negative, was " + viewpointPenalty);
    }

    /** The measured defaults (see quality/README.md). */
    public static Settings defaults() {
      return new Settings(50, 20, 3, 8, 0.015, 16, 1.0, 32);
    }

    private static void require(boolean valid, String message) {
      if (!valid) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  /** A matcher with the default settings. */
  public ImageMatcher(ReferenceStore references) {
    this(references, Settings.defaults());
  }

  /** A matcher that fetches candidates' keypoints and pictures from {@code references}. */
  public ImageMatcher(ReferenceStore references, Settings settings) {
    this.references = references;
    QualityPenalty penalty = new QualityPenalty(settings.minQuality());
    BandPath bandPath = new BandPath(penalty);
    this.wholePath = new WholeImagePath(penalty, settings.maxCandidates());
    this.keypointPath = new KeypointVerification(settings, penalty, bandPath);
    this.paths = List.of(wholePath, bandPath, keypointPath);
  }

  /** Indexes an image under {@code id}, replacing what it had. */
  public void put(String id, MatchFeatures features) {
    put(
        id,
        features.whole().original(),
        features.trimmed() == null ? null : features.trimmed().original(),
        features.whole().quality(),
        features.keypoints());
  }

  /** Indexes an image from its stored parts (the primary hash, its quality, the keypoints). */
  public void put(
      String id, Hash256 wholeHash, Hash256 trimmedHash, int quality, Keypoints imageKeypoints) {
    wholePath.put(id, wholeHash, trimmedHash, quality);
    // Imported hashes have no keypoints: they stay out of the keypoint index (and its heap).
    keypointPath.put(id, imageKeypoints);
  }

  /** Receives the images of a bulk {@link #reload}. */
  @FunctionalInterface
  public interface Loader {
    /** One image, as {@link #put(String, Hash256, Hash256, int, Keypoints)} takes it. */
    void accept(
        String id, Hash256 wholeHash, Hash256 trimmedHash, int quality, Keypoints imageKeypoints);
  }

  /**
   * Replaces everything with the images {@code source} hands to its loader, building the
   * whole-image index's lists once at the end (a rebuild after restore).
   */
  public void reload(Consumer<Loader> source) {
    keypointPath.reload(
        keypoints ->
            wholePath.reload(
                whole ->
                    source.accept(
                        (id, hash, trimmedHash, quality, kp) -> {
                          whole.accept(id, hash, trimmedHash, quality);
                          keypoints.accept(id, kp);
                        })));
  }

  /** Removes {@code id}; whether either index held it. */
  public boolean remove(String id) {
    boolean a = wholePath.remove(id);
    boolean b = keypointPath.remove(id);
    return a || b;
  }

  /** Removes everything. */
  public void clear() {
    wholePath.clear();
    keypointPath.clear();
  }

  /**
   * Number of indexed images (all are in the whole-image index; those with keypoints also in the
   * other).
   */
  public int size() {
    return wholePath.size();
  }

  /** The whole-path index, to report its footprint. */
  public HammingIndex wholeIndex() {
    return wholePath.index();
  }

  /** The keypoint index, to report its footprint. */
  public KeypointIndex keypointIndex() {
    return keypointPath.index();
  }

  /** The best {@code k} hits scoring at most {@code threshold}, lowest score first (ties by id). */
  public List<MatchHit> search(MatchFeatures query, int k, int threshold) {
    MatchSearch search = new MatchSearch(query, k, threshold, references);
    for (PathSearch path : paths) {
      path.search(search);
    }
    return search.top();
  }
}
