package dev.likeness.core.feature;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.hash.PdqHashes;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.image.BorderTrim;
import dev.likeness.core.image.DecodedImage;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.image.Thumbnailer;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.match.MatchFeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.QueryCodec;
import dev.likeness.core.match.ReclaimableWorkspace;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;

/**
 * Computes the {@link FeatureRecord} of an image: safe decode, PDQ in all forms, PDQ without
 * uniform borders, keypoints, thumbnail. Thread-safe.
 */
public final class FeatureExtractor {
  /**
   * Version of the features this extractor computes; bump it when their meaning changes. 2: the
   * hash of the image without its uniform borders and keypoints are stored too; 3: band hashes too.
   */
  public static final int VERSION = 3;

  /** Longest side of stored thumbnails, in pixels. */
  public static final int THUMBNAIL_SIDE = 256;

  /** The {@link FeatureRecord#format()} of hashes imported without an image. */
  public static final String IMPORTED_FORMAT = "pdq";

  private final SafeImageDecoder decoder;
  private final Thumbnailer thumbnailer = new Thumbnailer();
  private final PdqHasher hasher = new PdqHasher();
  private final BorderTrim borders = new BorderTrim();
  private final boolean keypoints;
  // The match extractor keeps per-call buffers, so each thread gets its own, reclaimable when idle.
  private final ReclaimableWorkspace<MatchFeatureExtractor> matchFeatures =
      new ReclaimableWorkspace<>(MatchFeatureExtractor::new);

  /**
   * An extractor that enforces {@code limits} (JPEG through libjpeg-turbo when it is installed).
   */
  public FeatureExtractor(ImageLimits limits) {
    this(limits, true);
  }

  /**
   * An extractor that enforces {@code limits}; {@code nativeJpeg = false} keeps JPEG decoding on
   * ImageIO.
   */
  public FeatureExtractor(ImageLimits limits, boolean nativeJpeg) {
    this(limits, nativeJpeg, true);
  }

  /**
   * An extractor that enforces {@code limits}; {@code keypoints = false} computes whole-image
   * hashes only (half the indexing CPU; crops and small rotations are then not found).
   */
  public FeatureExtractor(ImageLimits limits, boolean nativeJpeg, boolean keypoints) {
    this.decoder = new SafeImageDecoder(limits, nativeJpeg);
    this.keypoints = keypoints;
  }

  /** An extractor with the default limits. */
  public FeatureExtractor() {
    this(ImageLimits.defaults());
  }

  /**
   * Extracts the features of {@code imageBytes}.
   *
   * @throws ImageRejectedException if the bytes are not an image this extractor can safely read
   */
  public FeatureRecord extract(byte[] imageBytes, ImageSource source, long nowMillis)
      throws ImageRejectedException {
    DecodedImage image = decoder.decode(imageBytes);
    MatchFeatures features =
        keypoints ? matchFeatures.get().forIndex(image.pixels()) : hashesOnly(image.pixels());
    byte[] thumbnail = thumbnailer.jpeg(image.pixels(), THUMBNAIL_SIDE);
    return new FeatureRecord(
        VERSION,
        features.whole(),
        image.width(),
        image.height(),
        image.format().shortName(),
        source.contentType(),
        source.source(),
        source.uploadedAt(),
        nowMillis,
        source.metadata(),
        thumbnail,
        features.keypoints() == null ? new byte[0] : KeypointCodec.encode(features.keypoints()),
        features.trimmed() == null ? null : features.trimmed().primary(),
        features.bands() == null ? List.of() : features.bands().bands());
  }

  /**
   * The record of a hash imported without its image: no size, format or thumbnail, and its one hash
   * in every dihedral slot (the other forms cannot be derived from a hash).
   */
  public static FeatureRecord fromImportedHash(PdqHash hash, ImageSource source, long nowMillis) {
    PdqHashes forms =
        new PdqHashes(Collections.nCopies(Dihedral.values().length, hash.hash()), hash.quality());
    return new FeatureRecord(
        VERSION,
        forms,
        0,
        0,
        IMPORTED_FORMAT,
        source.contentType(),
        source.source(),
        source.uploadedAt(),
        nowMillis,
        source.metadata(),
        new byte[0]);
  }

  /**
   * Bytes that decoding {@code imageBytes} holds at its peak, read from the header without decoding
   * (see {@link SafeImageDecoder#footprint}); 0 for bytes refused before any pixel is decoded.
   */
  public long decodeFootprint(byte[] imageBytes) {
    return decoder.footprint(imageBytes);
  }

  /**
   * Computes the features of a search query: hashes, keypoints (also mirrored) and the keypoint
   * frame.
   */
  public MatchFeatures queryFeatures(byte[] imageBytes) throws ImageRejectedException {
    BufferedImage pixels = decoder.decode(imageBytes).pixels();
    if (!keypoints) {
      return hashesOnly(pixels);
    }
    // Quantized as peers receive it, so every instance scores the same query.
    return QueryCodec.quantized(matchFeatures.get().forQuery(pixels));
  }

  private MatchFeatures hashesOnly(BufferedImage pixels) {
    BufferedImage content = borders.trim(pixels);
    return new MatchFeatures(
        hasher.hashAllForms(pixels),
        content == pixels ? null : hasher.hashAllForms(content),
        null,
        null,
        null,
        null);
  }

  /**
   * Computes only the whole-image hashes of the image as it is, as any PDQ implementation would.
   */
  public PdqHashes hashes(byte[] imageBytes) throws ImageRejectedException {
    return hasher.hashAllForms(decoder.decode(imageBytes).pixels());
  }
}
