package dev.likeness.contract.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One image to publish, as the record contract of {@code likeness.images} describes it.
 *
 * @param id image id, the record key (validated by {@link ImageId#validate})
 * @param bytes the image exactly as uploaded; never re-encoded
 * @param contentType MIME type, e.g. {@code image/jpeg}; empty if unknown
 * @param source file name or URI the image came from; empty if unknown
 * @param metadata user metadata, published as {@code meta.<name>} headers
 * @param uploadedAt upload time, epoch milliseconds
 */
public record ImageUpload(
    String id,
    byte[] bytes,
    String contentType,
    String source,
    Map<String, String> metadata,
    long uploadedAt) {

  /**
   * @throws IllegalArgumentException if the id is invalid, the image is empty or a metadata name is
   *     empty or has control characters
   * @throws MetadataLimitException if the metadata or source passes one of the {@link
   *     MetadataLimits}
   */
  public ImageUpload {
    ImageId.validate(id);
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new IllegalArgumentException("image " + id + " is empty (0 bytes)");
    }
    contentType = contentType == null ? "" : contentType;
    source = source == null ? "" : source;
    metadata = metadata == null ? Map.of() : checkedMetadata(metadata);
    MetadataLimits.check(metadata, source);
    MetadataLimits.checkContentType(contentType);
    if (uploadedAt < 0) {
      throw new IllegalArgumentException(
          "uploadedAt must be epoch milliseconds, was " + uploadedAt);
    }
  }

  /** An upload stamped now, without metadata. */
  public static ImageUpload of(String id, byte[] bytes, String contentType, String source) {
    return new ImageUpload(id, bytes, contentType, source, Map.of(), System.currentTimeMillis());
  }

  /**
   * Checks the image against an upload limit.
   *
   * @throws IllegalArgumentException naming the size and the limit if the image is larger
   */
  public void requireAtMost(int maxImageBytes) {
    if (bytes.length > maxImageBytes) {
      throw new IllegalArgumentException(tooLarge(bytes.length, maxImageBytes));
    }
  }

  /** The message for an image over the limit, shared with callers that check before reading. */
  public static String tooLarge(long size, int maxImageBytes) {
    return "image is "
        + size
        + " bytes; the limit is "
        + maxImageBytes
        + " (raise it with --max-bytes / max-bytes, and the topic's max.message.bytes)";
  }

  private static Map<String, String> checkedMetadata(Map<String, String> metadata) {
    Map<String, String> copy = new LinkedHashMap<>();
    metadata.forEach(
        (name, value) -> {
          if (name == null || name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                "metadata name '" + name + "' must be non-empty text without control characters");
          }
          copy.put(name, value == null ? "" : value);
        });
    // Unmodifiable but order-preserving: headers come out in the order the user gave them.
    return Collections.unmodifiableMap(copy);
  }
}
