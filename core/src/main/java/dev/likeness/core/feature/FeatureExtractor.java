package dev.likeness.core.feature;

import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.hash.PdqHashes;
import dev.likeness.core.image.DecodedImage;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.image.Thumbnailer;
import dev.likeness.core.record.FeatureRecord;

/** Computes the {@link FeatureRecord} of an image: safe decode, PDQ in all forms, thumbnail. */
public final class FeatureExtractor {
  /** Version of the features this extractor computes; bump it when their meaning changes. */
  public static final int VERSION = 1;
  /** Longest side of stored thumbnails, in pixels. */
  public static final int THUMBNAIL_SIDE = 256;

  private final SafeImageDecoder decoder;
  private final PdqHasher hasher = new PdqHasher();
  private final Thumbnailer thumbnailer = new Thumbnailer();

  /** An extractor that enforces {@code limits}. */
  public FeatureExtractor(ImageLimits limits) {
    this.decoder = new SafeImageDecoder(limits);
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

  /** Computes only the hashes, for a search query. */
  public PdqHashes hashes(byte[] imageBytes) throws ImageRejectedException {
    return hasher.hashAllForms(decoder.decode(imageBytes).pixels());
  }
}
