package dev.likeness.core.feature;

import dev.likeness.core.hash.Dihedral;
import dev.likeness.core.hash.PdqHash;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.hash.PdqHashes;
import dev.likeness.core.image.DecodedImage;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.image.Thumbnailer;
import dev.likeness.core.record.FeatureRecord;
import java.util.Collections;

/** Computes the {@link FeatureRecord} of an image: safe decode, PDQ in all forms, thumbnail. */
public final class FeatureExtractor {
  /** Version of the features this extractor computes; bump it when their meaning changes. */
  public static final int VERSION = 1;
  /** Longest side of stored thumbnails, in pixels. */
  public static final int THUMBNAIL_SIDE = 256;
  /** The {@link FeatureRecord#format()} of hashes imported without an image. */
  public static final String IMPORTED_FORMAT = "pdq";

  private final SafeImageDecoder decoder;
  private final PdqHasher hasher = new PdqHasher();
  private final Thumbnailer thumbnailer = new Thumbnailer();

  /** An extractor that enforces {@code limits} (JPEG through libjpeg-turbo when it is installed). */
  public FeatureExtractor(ImageLimits limits) {
    this(limits, true);
  }

  /** An extractor that enforces {@code limits}; {@code nativeJpeg = false} keeps JPEG decoding on ImageIO. */
  public FeatureExtractor(ImageLimits limits, boolean nativeJpeg) {
    this.decoder = new SafeImageDecoder(limits, nativeJpeg);
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
  public FeatureRecord extract(byte[] imageBytes, ImageSource source, long nowMillis) throws ImageRejectedException {
    DecodedImage image = decoder.decode(imageBytes);
    PdqHashes hashes = hasher.hashAllForms(image.pixels());
    byte[] thumbnail = thumbnailer.jpeg(image.pixels(), THUMBNAIL_SIDE);
    return new FeatureRecord(VERSION, hashes, image.width(), image.height(), image.format().shortName(),
        source.contentType(), source.source(), source.uploadedAt(), nowMillis, source.metadata(), thumbnail);
  }

  /**
   * The record of a hash imported without its image: no size, format or thumbnail, and its one
   * hash in every dihedral slot (the other forms cannot be derived from a hash).
   */
  public static FeatureRecord fromImportedHash(PdqHash hash, ImageSource source, long nowMillis) {
    PdqHashes forms = new PdqHashes(Collections.nCopies(Dihedral.values().length, hash.hash()), hash.quality());
    return new FeatureRecord(VERSION, forms, 0, 0, IMPORTED_FORMAT, source.contentType(), source.source(),
        source.uploadedAt(), nowMillis, source.metadata(), new byte[0]);
  }

  /** Computes only the hashes, for a search query. */
  public PdqHashes hashes(byte[] imageBytes) throws ImageRejectedException {
    return hasher.hashAllForms(decoder.decode(imageBytes).pixels());
  }
}
