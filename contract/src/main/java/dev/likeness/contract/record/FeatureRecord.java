package dev.likeness.contract.record;

import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.hash.PdqHashes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the indexer keeps per image: its PDQ hashes in all eight dihedral forms, its size and
 * format, where it came from, and a small JPEG thumbnail.
 *
 * @param extractorVersion version of the feature extractor that produced it; a change means a
 *     reindex by replaying {@link Topics#IMAGES}
 * @param hashes PDQ hashes of the upright image in all eight dihedral forms, with quality
 * @param width upright width in pixels of the original image
 * @param height upright height in pixels of the original image
 * @param format short format name ({@code jpeg}, {@code png}, ...)
 * @param contentType MIME type declared by the uploader, or empty
 * @param source file name or URI the image came from, or empty
 * @param uploadedAt epoch milliseconds of the upload
 * @param indexedAt epoch milliseconds when the features were computed
 * @param metadata user metadata
 * @param thumbnail JPEG thumbnail bytes, possibly empty
 * @param localFeatures encoded local features (keypoints) for the match paths that a whole-image
 *     hash cannot serve, possibly empty; opaque here, their codec lives with their extractor
 * @param trimmedHash PDQ hash (plain form) of the image without its uniform borders, or null when
 *     it has none
 * @param bandHashes PDQ hashes (plain form) of horizontal bands of the image, top to bottom, for
 *     the match path that a caption across the image defeats; empty when not computed
 */
public record FeatureRecord(
    int extractorVersion,
    PdqHashes hashes,
    int width,
    int height,
    String format,
    String contentType,
    String source,
    long uploadedAt,
    long indexedAt,
    Map<String, String> metadata,
    byte[] thumbnail,
    byte[] localFeatures,
    PdqHash trimmedHash,
    List<PdqHash> bandHashes) {

  public FeatureRecord {
    Objects.requireNonNull(hashes, "hashes");
    format = format == null ? "" : format;
    contentType = contentType == null ? "" : contentType;
    source = source == null ? "" : source;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    thumbnail = thumbnail == null ? new byte[0] : thumbnail;
    localFeatures = localFeatures == null ? new byte[0] : localFeatures;
    bandHashes = bandHashes == null ? List.of() : List.copyOf(bandHashes);
  }

  /** A record without local features (imported hashes, format-1 records). */
  public FeatureRecord(
      int extractorVersion,
      PdqHashes hashes,
      int width,
      int height,
      String format,
      String contentType,
      String source,
      long uploadedAt,
      long indexedAt,
      Map<String, String> metadata,
      byte[] thumbnail) {
    this(
        extractorVersion,
        hashes,
        width,
        height,
        format,
        contentType,
        source,
        uploadedAt,
        indexedAt,
        metadata,
        thumbnail,
        new byte[0],
        null,
        List.of());
  }

  /** Whether local features are stored. */
  public boolean hasLocalFeatures() {
    return localFeatures.length > 0;
  }

  /** This record without its thumbnail and local features, as peers exchange search hits. */
  public FeatureRecord withoutPayload() {
    return new FeatureRecord(
        extractorVersion,
        hashes,
        width,
        height,
        format,
        contentType,
        source,
        uploadedAt,
        indexedAt,
        metadata,
        new byte[0],
        new byte[0],
        trimmedHash,
        List.of());
  }

  /** Whether a thumbnail is stored. */
  public boolean hasThumbnail() {
    return thumbnail.length > 0;
  }
}
