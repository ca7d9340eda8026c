package dev.likeness.contract.record;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Header names carried by records of {@link Topics#IMAGES} and how to read them. */
public final class ImageHeaders {
  /** MIME type the uploader declared. */
  public static final String CONTENT_TYPE = "content-type";

  /** File name or URI the image came from. */
  public static final String SOURCE = "source";

  /** Upload time, epoch milliseconds, as decimal text. */
  public static final String UPLOADED_AT = "uploaded-at";

  /** Prefix of user metadata headers: {@code meta.<name>}. */
  public static final String META_PREFIX = "meta.";

  private ImageHeaders() {}

  /** Adds a UTF-8 header. */
  public static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The last value of a header as UTF-8, or null. */
  public static String get(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The upload time, or {@code fallback} if absent or malformed. */
  public static long uploadedAt(Headers headers, long fallback) {
    String v = get(headers, UPLOADED_AT);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The user metadata ({@code meta.*} headers) with the prefix removed, in header order. */
  public static Map<String, String> metadata(Headers headers) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (Header h : headers) {
      if (h.key().startsWith(META_PREFIX) && h.value() != null) {
        meta.put(
            h.key().substring(META_PREFIX.length()), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return meta;
  }
}
