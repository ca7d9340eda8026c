package dev.likeness.core.match;

import dev.likeness.core.geometry.Similarity;
import dev.likeness.core.hash.Dihedral;
import java.awt.geom.Rectangle2D;

/**
 * One indexed image that matches a query.
 *
 * @param id the indexed image
 * @param score a PDQ distance, 0–256, whatever the path: the whole-image distance, or the distance
 *     between the query and the part of the indexed image it shows, aligned; lower is closer, so one
 *     threshold means one false-match rate
 * @param path the path that gave the score
 * @param wholeDistance the whole-image PDQ distance (best form), or -1 if unknown
 * @param inliers keypoint correspondences consistent with {@code transform}, 0 without one
 * @param transform query keypoint frame → indexed keypoint frame, or null
 * @param region the part of the indexed image the query shows, as fractions of its width and
 *     height, or null
 * @param form the query's dihedral form that matched on the whole path, or null
 */
public record MatchHit(String id, int score, MatchPath path, int wholeDistance, int inliers, Similarity transform,
    Rectangle2D region, Dihedral form) {
}
