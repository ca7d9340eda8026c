package dev.likeness.contract.record;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Bounds on what an image record may carry besides its bytes: user metadata ({@code meta.*}
 * headers) and its source. Every entry enforces them (HTTP, the CLI, and the indexer for records
 * written to the topic by anyone else), so that an image's feature and dead-letter records always
 * fit in one Kafka request, whatever a client sends.
 */
public final class MetadataLimits {
  /** Most metadata entries per image. */
  public static final int MAX_ENTRIES = 64;

  /** Longest metadata name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 128;

  /** Longest metadata value, in UTF-8 bytes. */
  public static final int MAX_VALUE_BYTES = 4096;

  /** Most metadata in all, names and values, in UTF-8 bytes. */
  public static final int MAX_TOTAL_BYTES = 16 * 1024;

  /** Longest source (file name or URI), in UTF-8 bytes. */
  public static final int MAX_SOURCE_BYTES = 4096;

  /**
   * Longest content type, in UTF-8 bytes: RFC 6838 allows 127 characters each for type and subtype.
   */
  public static final int MAX_CONTENT_TYPE_BYTES = 255;

  private MetadataLimits() {}

  /**
   * Checks an image's metadata and source.
   *
   * @param metadata names without the {@code meta.} prefix, and values
   * @param source file name or URI; null or empty if unknown
   * @throws MetadataLimitException naming the limit that was passed
   */
  public static void check(Map<String, String> metadata, String source) {
    if (source != null && utf8Length(source) > MAX_SOURCE_BYTES) {
      throw new MetadataLimitException(
          "source is " + utf8Length(source) + " bytes; the limit is " + MAX_SOURCE_BYTES);
    }
    if (metadata.size() > MAX_ENTRIES) {
      throw new MetadataLimitException(
          metadata.size() + " metadata entries; the limit is " + MAX_ENTRIES + " per image");
    }
    long total = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      int name = utf8Length(e.getKey());
      int value = e.getValue() == null ? 0 : utf8Length(e.getValue());
      if (name > MAX_NAME_BYTES) {
        throw new MetadataLimitException(
            "metadata name '"
                + shortened(e.getKey())
                + "' is "
                + name
                + " bytes; the limit is "
                + MAX_NAME_BYTES);
      }
      if (value > MAX_VALUE_BYTES) {
        throw new MetadataLimitException(
            "metadata value of '"
                + shortened(e.getKey())
                + "' is "
                + value
                + " bytes; the limit is "
                + MAX_VALUE_BYTES);
      }
      total += name + value;
    }
    if (total > MAX_TOTAL_BYTES) {
      throw new MetadataLimitException(
          "metadata is " + total + " bytes in all; the limit is " + MAX_TOTAL_BYTES + " per image");
    }
  }

  /**
   * Checks a declared content type.
   *
   * @throws MetadataLimitException if it is longer than {@link #MAX_CONTENT_TYPE_BYTES}
   */
  public static void checkContentType(String contentType) {
    if (contentType != null && utf8Length(contentType) > MAX_CONTENT_TYPE_BYTES) {
      throw new MetadataLimitException(
          "content type is "
              + utf8Length(contentType)
              + " bytes; the limit is "
              + MAX_CONTENT_TYPE_BYTES);
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String shortened(String name) {
    return name.length() <= 40 ? name : name.substring(0, 40) + "…";
  }
}
