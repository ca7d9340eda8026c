package dev.likeness.core.match;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.PdqHashes;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.keypoint.Keypoints;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import javax.imageio.ImageIO;

/**
 * The query that finds images like an already indexed one, from its stored record alone: its
 * hashes, its keypoints, and its thumbnail scaled up to the keypoint frame for the photometric
 * check. The original pixels are not kept, so this is what "search by id" can do.
 */
public final class IndexedImageQuery {
  private IndexedImageQuery() {}

  /**
   * The query of {@code record}; hashes only when it has no keypoints or thumbnail (imported
   * hashes).
   */
  public static MatchFeatures of(FeatureRecord record) {
    // Only the plain form of the trimmed hash is stored: it stands in every slot.
    PdqHashes trimmed =
        record.trimmedHash() == null
            ? null
            : new PdqHashes(
                Collections.nCopies(Dihedral.values().length, record.trimmedHash().hash()),
                record.trimmedHash().quality());
    if (!record.hasLocalFeatures() || !record.hasThumbnail()) {
      return new MatchFeatures(record.hashes(), trimmed, null, null, null, null);
    }
    Keypoints keypoints = KeypointCodec.decode(record.localFeatures());
    BufferedImage thumbnail;
    try {
      thumbnail = ImageIO.read(new ByteArrayInputStream(record.thumbnail()));
    } catch (IOException e) {
      thumbnail = null;
    }
    if (thumbnail == null || keypoints.frameWidth() == 0 || keypoints.frameHeight() == 0) {
      return new MatchFeatures(record.hashes(), trimmed, null, null, null, null);
    }
    BufferedImage frame =
        new BufferedImage(
            keypoints.frameWidth(), keypoints.frameHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = frame.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(thumbnail, 0, 0, frame.getWidth(), frame.getHeight(), null);
    g.dispose();
    LumaImage luma = Reference.luma(frame);
    // Mirrored copies of an indexed image are found by the whole-image forms; no mirrored
    // keypoints.
    // The stored band hashes, not those of the scaled-up thumbnail (which differ by 10–50 bits).
    BandHashes bands =
        record.bandHashes().size() == BandHashes.COUNT ? new BandHashes(record.bandHashes()) : null;
    return QueryCodec.quantized(
        new MatchFeatures(record.hashes(), trimmed, keypoints, null, luma, bands));
  }
}
