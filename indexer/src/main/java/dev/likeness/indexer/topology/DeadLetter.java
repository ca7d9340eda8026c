package dev.likeness.indexer.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.core.record.RejectedHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * A record of {@link dev.likeness.core.record.Topics#REJECTED}: why an image was not indexed and
 * where it is in the images topic. The bytes stay in the images topic; only this note is copied,
 * as JSON in the value and as headers.
 */
record DeadLetter(String id, String reason, String detail, String topic, int partition, long offset, int size) {
  private static final ObjectMapper JSON = new ObjectMapper();

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
