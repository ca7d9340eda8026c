package dev.likeness.ingest;

import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.publish.RecordSize;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Ingester} turns files into images on the topic.
 *
 * @param idStrategy how each file's id is chosen
 * @param metadata user metadata added to every image as {@code meta.<name>} headers
 * @param maxImageBytes files larger than this fail locally, without being read
 * @param maxInFlight images sent but not yet acknowledged, at most
 */
public record IngestOptions(
    IdStrategy idStrategy, Map<String, String> metadata, int maxImageBytes, int maxInFlight) {
  /** Unacknowledged images allowed when none is configured. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 32;

  public IngestOptions {
    Objects.requireNonNull(idStrategy, "idStrategy");
    metadata = metadata == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    RecordSize.forImageLimit(maxImageBytes);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max in flight must be at least 1, was " + maxInFlight);
    }
  }

  /** Path ids, no metadata, 16 MiB limit, 32 in flight. */
  public static IngestOptions defaults() {
    return new IngestOptions(
        IdStrategy.PATH, Map.of(), RecordSize.DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_IN_FLIGHT);
  }

  /** The same options with another id strategy. */
  public IngestOptions withIdStrategy(IdStrategy s) {
    return new IngestOptions(s, metadata, maxImageBytes, maxInFlight);
  }

  /** The same options with other metadata. */
  public IngestOptions withMetadata(Map<String, String> m) {
    return new IngestOptions(idStrategy, m, maxImageBytes, maxInFlight);
  }
}
