package dev.likeness.core.match;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.core.geometry.Similarity;
import java.awt.geom.Rectangle2D;

/**
 * One indexed image that matches a query.
 *
 * @param id the indexed image
 * @param score a PDQ distance, 0–256, whatever the path: the whole-image distance, or the distance
 *     between the query and the part of the indexed image it shows, aligned; lower is closer, so
 *     one threshold means one false-match rate
 * @param path the path that gave the score
 * @param wholeDistance the whole-image PDQ distance (best form), or -1 if unknown
 * @param inliers keypoint correspondences consistent with {@code transform}, 0 without one
 * @param transform query keypoint frame → indexed keypoint frame, or null
 * @param region the part of the indexed image the query shows, as fractions of its width and
 *     height, or null
 * @param form the query's dihedral form that matched on the whole or band path, or null
 */
public record MatchHit(
    String id,
    int score,
    MatchPath path,
    int wholeDistance,
    int inliers,
    Similarity transform,
    Rectangle2D region,
    Dihedral form) {

  /**
   * A hit on {@code id} by {@code path} with {@code score}; the other fields as unknown until set.
   */
  public static Builder builder(String id, MatchPath path, int score) {
    return new Builder(id, path, score);
  }

  /** This hit with another score. */
  public MatchHit withScore(int newScore) {
    return new MatchHit(id, newScore, path, wholeDistance, inliers, transform, region, form);
  }

  /** This hit with the whole-image distance another path measured. */
  public MatchHit withWholeDistance(int distance) {
    return new MatchHit(id, score, path, distance, inliers, transform, region, form);
  }

  /**
   * Builds a {@link MatchHit}: no whole-image distance (-1), no inliers, transform, region or form.
   */
  public static final class Builder {
    private final String id;
    private final MatchPath path;
    private final int score;
    private int wholeDistance = -1;
    private int inliers;
    private Similarity transform;
    private Rectangle2D region;
    private Dihedral form;

    private Builder(String id, MatchPath path, int score) {
      this.id = id;
      this.path = path;
      this.score = score;
    }

    /** The whole-image PDQ distance. */
    public Builder wholeDistance(int distance) {
      this.wholeDistance = distance;
      return this;
    }

    /** The keypoint fit: its inliers, the transform and the region of the indexed image. */
    public Builder fit(int inlierCount, Similarity queryToIndexed, Rectangle2D indexedRegion) {
      this.inliers = inlierCount;
      this.transform = queryToIndexed;
      this.region = indexedRegion;
      return this;
    }

    /** The query's form that matched. */
    public Builder form(Dihedral matchedForm) {
      this.form = matchedForm;
      return this;
    }

    /** The hit. */
    public MatchHit build() {
      return new MatchHit(id, score, path, wholeDistance, inliers, transform, region, form);
    }
  }
}
