package dev.likeness.core.match;

import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.hash.PdqHashes;
import dev.likeness.core.keypoint.Keypoints;

/**
 * The matching features of one image, indexed or queried.
 *
 * @param whole PDQ hashes (all eight forms) of the image without its uniform borders
 * @param keypoints keypoints of the whole image, in its keypoint frame
 * @param mirroredKeypoints keypoints of the left-right mirrored frame, or null (queries only: they
 *     let the keypoint path find mirrored copies)
 * @param frame luminance of the keypoint frame (queries only, for the photometric check), or null
 */
public record MatchFeatures(PdqHashes whole, Keypoints keypoints, Keypoints mirroredKeypoints, LumaImage frame) {
}
