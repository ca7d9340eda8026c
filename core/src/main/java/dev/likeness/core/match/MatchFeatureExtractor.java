package dev.likeness.core.match;

import boofcv.struct.image.GrayF32;
import dev.likeness.contract.hash.PdqHashes;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.image.BorderTrim;
import dev.likeness.core.keypoint.KeypointExtractor;
import dev.likeness.core.keypoint.Keypoints;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Computes {@link MatchFeatures} from decoded pixels: the whole-image PDQ hashes, as is and without
 * uniform borders, and the keypoints; for a query also the mirrored keypoints and the keypoint
 * frame. Not thread-safe: use one per thread.
 */
public final class MatchFeatureExtractor {
  private final BorderTrim trim = new BorderTrim();
  private final BorderTrim bars = BorderTrim.screenBars();
  private final PdqHasher hasher = new PdqHasher();
  private final KeypointExtractor keypoints;
  private final boolean mirroredQueries;

  /** An extractor with the default keypoint budget that also describes mirrored queries. */
  public MatchFeatureExtractor() {
    this(KeypointExtractor.DEFAULT_MAX_KEYPOINTS, true);
  }

  /**
   * An extractor.
   *
   * @param maxKeypoints keypoints kept per image
   * @param mirroredQueries whether queries are also described mirrored (the same keypoints,
   *     oriented and described again: finds mirrored crops; plain mirrored copies are found by the
   *     whole-image hash anyway)
   */
  public MatchFeatureExtractor(int maxKeypoints, boolean mirroredQueries) {
    this.keypoints = new KeypointExtractor(maxKeypoints);
    this.mirroredQueries = mirroredQueries;
  }

  /** The features stored for an indexed image. */
  public MatchFeatures forIndex(BufferedImage image) {
    GrayF32 frame = keypoints.frame(image);
    // The frame is the keypoint extractor's reused buffer: the bands are taken of a copy.
    BandHashes bands =
        BandHashes.of(new LumaImage(frameLuma(frame), frame.width, frame.height), hasher);
    return new MatchFeatures(
        hasher.hashAllForms(image), trimmed(image), keypoints.extract(frame), null, null, bands);
  }

  /** The features of a query image. */
  public MatchFeatures forQuery(BufferedImage image) {
    PdqHashes whole = hasher.hashAllForms(image);
    PdqHashes trimmed = trimmed(image);
    // The picture inside a screenshot's bars: its keypoints fill the frame at the picture's own
    // scale, and the bars' edges and glyphs do not crowd out the picture's keypoints.
    BufferedImage picture = bars.trim(image);
    if (trimmed == null && picture != image) {
      trimmed = hasher.hashAllForms(picture);
    }
    GrayF32 frame = keypoints.frame(picture);
    // The frame is the extractor's buffer (stride = width, reused by the next call): keep a copy.
    LumaImage luma = new LumaImage(frameLuma(frame), frame.width, frame.height);
    Keypoints direct = keypoints.extract(frame);
    Keypoints mirrored = mirroredQueries ? keypoints.mirrored(frame, direct) : null;
    // Hashed once here, so that neither each partition's matcher nor each peer hashes them again.
    BandHashes[] bands =
        mirroredQueries
            ? BandHashes.plainAndMirrored(luma, hasher)
            : new BandHashes[] {BandHashes.of(luma, hasher), null};
    return new MatchFeatures(
        whole,
        trimmed,
        direct,
        mirrored,
        luma,
        bands == null ? null : bands[0],
        bands == null ? null : bands[1]);
  }

  /** The frame's pixels as a packed array (its stride is its width), copied. */
  private static float[] frameLuma(GrayF32 frame) {
    return Arrays.copyOf(frame.data, frame.width * frame.height);
  }

  /** The hashes of {@code image} without its uniform borders, or null when it has none. */
  private PdqHashes trimmed(BufferedImage image) {
    BufferedImage content = trim.trim(image);
    return content == image ? null : hasher.hashAllForms(content);
  }
}
