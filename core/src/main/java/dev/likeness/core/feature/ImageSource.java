package dev.likeness.core.feature;

import java.util.Map;

/**
 * What is known about an image besides its bytes: the headers of its record.
 *
 * @param contentType MIME type the uploader declared, or empty
 * @param source file name or URI, or empty
 * @param uploadedAt epoch milliseconds of the upload
 * @param metadata user metadata
 */
public record ImageSource(
    String contentType, String source, long uploadedAt, Map<String, String> metadata) {
  public ImageSource {
    contentType = contentType == null ? "" : contentType;
    source = source == null ? "" : source;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** An image with nothing known about it but its upload time. */
  public static ImageSource uploadedAt(long epochMillis) {
    return new ImageSource("", "", epochMillis, Map.of());
  }
}
