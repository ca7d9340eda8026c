package dev.likeness.core.match;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHashes;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.keypoint.Keypoints;
import java.util.Collections;

/**
 * The matching features of one image, indexed or queried.
 *
 * @param whole PDQ hashes (all eight forms) of the image as it is, as any PDQ implementation
 *     computes them
 * @param trimmed PDQ hashes of the image without its uniform borders (a frame, letterbox or
 *     screenshot bars; for a query without such pairs, without its screenshot bars), or null when
 *     it has none
 * @param keypoints keypoints of the whole image, in its keypoint frame (for a query, of the picture
 *     inside its screenshot bars, if it has any: {@link
 *     dev.likeness.core.image.BorderTrim#screenBars()})
 * @param mirroredKeypoints keypoints of the left-right mirrored frame, or null (queries only: they
 *     let the keypoint path find mirrored copies)
 * @param frame luminance of the keypoint frame (queries only, for the photometric check), or null
 * @param bands band hashes of the keypoint frame, or null: an indexed image's; a query's, hashed
 *     once at extraction (or stored, for a search by id) so that no partition or peer hashes them
 *     again; a query with a frame but without them has them taken of the frame by the matcher
 * @param mirroredBands band hashes of the left-right mirrored frame, or null (queries only)
 */
public record MatchFeatures(
    PdqHashes whole,
    PdqHashes trimmed,
    Keypoints keypoints,
    Keypoints mirroredKeypoints,
    LumaImage frame,
    BandHashes bands,
    BandHashes mirroredBands) {

  /** Features without mirrored band hashes. */
  public MatchFeatures(
      PdqHashes whole,
      PdqHashes trimmed,
      Keypoints keypoints,
      Keypoints mirroredKeypoints,
      LumaImage frame,
      BandHashes bands) {
    this(whole, trimmed, keypoints, mirroredKeypoints, frame, bands, null);
  }

  /**
   * A query of whole-image hashes only (an indexed image's stored hashes): the whole path alone.
   */
  public static MatchFeatures ofHashes(PdqHashes hashes) {
    return new MatchFeatures(hashes, null, null, null, null, null);
  }

  /**
   * A query of one PDQ hash computed elsewhere: only that form is known, so it stands in every
   * dihedral slot, as for imported hashes.
   */
  public static MatchFeatures ofHash(Hash256 hash, int quality) {
    return ofHashes(new PdqHashes(Collections.nCopies(Dihedral.values().length, hash), quality));
  }
}
