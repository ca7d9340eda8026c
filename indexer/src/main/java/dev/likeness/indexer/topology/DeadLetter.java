package dev.likeness.indexer.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.contract.record.ImageId;
import dev.likeness.contract.record.RejectedHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record of {@link dev.likeness.contract.record.Topics#REJECTED}: why an image was not indexed
 * and where it is in the images topic. The bytes stay in the images topic; only this note is
 * copied, as JSON in the value and as headers.
 */
record DeadLetter(
    String id, String reason, String detail, String topic, int partition, long offset, int size) {
  private static final ObjectMapper JSON = new ObjectMapper();

  // A dead letter must always fit in one request, whatever the rejected record carried.
  private static final int MAX_DETAIL_CHARS = 2048;
  private static final int MAX_CARRIED_HEADER_BYTES = 4096;
  private static final int MAX_CARRIED_HEADERS_TOTAL = 32 * 1024;

  /** The detail, cut to a length that keeps the letter small. */
  static String bounded(String detail) {
    if (detail == null || detail.length() <= MAX_DETAIL_CHARS) {
      return detail;
    }
    return detail.substring(0, MAX_DETAIL_CHARS) + "… (" + detail.length() + " characters)";
  }

  /**
   * The key of a letter for a record whose key is not a valid id: its text, cut to an id's length.
   */
  static String keyOf(byte[] rawKey) {
    if (rawKey == null) {
      return null;
    }
    String key =
        new String(
            rawKey, 0, Math.min(rawKey.length, 4 * ImageId.MAX_LENGTH), StandardCharsets.UTF_8);
    return key.length() <= ImageId.MAX_LENGTH ? key : key.substring(0, ImageId.MAX_LENGTH);
  }

  /**
   * The rejected record's headers that travel with its letter: each up to 4 KiB, 32 KiB in all, in
   * order; larger ones (the likely reason for the rejection) are left out, and the bytes stay in
   * the images topic.
   */
  static RecordHeaders carriedHeaders(Headers source) {
    RecordHeaders carried = new RecordHeaders();
    int total = 0;
    for (Header h : source) {
      int size = h.key().length() + (h.value() == null ? 0 : h.value().length);
      if (size <= MAX_CARRIED_HEADER_BYTES && total + size <= MAX_CARRIED_HEADERS_TOTAL) {
        carried.add(h);
        total += size;
      }
    }
    return carried;
  }

  void addTo(Headers headers) {
    put(headers, RejectedHeaders.REASON, reason);
    put(headers, RejectedHeaders.DETAIL, detail);
    put(headers, RejectedHeaders.SOURCE_TOPIC, topic);
    put(headers, RejectedHeaders.SOURCE_PARTITION, Integer.toString(partition));
    put(headers, RejectedHeaders.SOURCE_OFFSET, Long.toString(offset));
    put(headers, RejectedHeaders.SOURCE_SIZE, Integer.toString(size));
  }

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a dead letter always serialises", e);
    }
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
