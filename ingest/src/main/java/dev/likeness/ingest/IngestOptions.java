package dev.likeness.ingest;

import dev.likeness.contract.record.MetadataLimits;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.publish.RecordSize;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Ingester} turns files into images on the topic.
 *
 * @param idStrategy how each file's id is chosen
 * @param metadata user metadata added to every image as {@code meta.<name>} headers, within the
 *     {@link MetadataLimits}
 * @param maxImageBytes files larger than this fail locally, without being read
 * @param maxInFlight images sent but not yet acknowledged, at most
 * @param brokerTimeout how long Kafka may be unreachable before the run stops and reports the files
 *     it did not send
 */
public record IngestOptions(
    IdStrategy idStrategy,
    Map<String, String> metadata,
    int maxImageBytes,
    int maxInFlight,
    Duration brokerTimeout) {
  /** Unacknowledged images allowed when none is configured. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 32;

  /** How long an outage is waited out when nothing is configured. */
  public static final Duration DEFAULT_BROKER_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @throws IllegalArgumentException if a number is out of range
   * @throws dev.likeness.contract.record.MetadataLimitException if the metadata passes a limit, so
   *     that it fails once here rather than for every file
   */
  public IngestOptions {
    Objects.requireNonNull(idStrategy, "idStrategy");
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    MetadataLimits.check(metadata, null);
    RecordSize.forImageLimit(maxImageBytes);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max in flight must be at least 1, was " + maxInFlight);
    }
    Objects.requireNonNull(brokerTimeout, "brokerTimeout");
    if (brokerTimeout.isNegative() || brokerTimeout.isZero()) {
      throw new IllegalArgumentException("broker timeout must be positive, was " + brokerTimeout);
    }
  }

  /** Path ids, no metadata, 16 MiB limit, 32 in flight, 60 s broker timeout. */
  public static IngestOptions defaults() {
    return new IngestOptions(
        IdStrategy.PATH,
        Map.of(),
        RecordSize.DEFAULT_MAX_IMAGE_BYTES,
        DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_BROKER_TIMEOUT);
  }

  /** The same options with another id strategy. */
  public IngestOptions withIdStrategy(IdStrategy s) {
    return new IngestOptions(s, metadata, maxImageBytes, maxInFlight, brokerTimeout);
  }

  /** The same options with other metadata. */
  public IngestOptions withMetadata(Map<String, String> m) {
    return new IngestOptions(idStrategy, m, maxImageBytes, maxInFlight, brokerTimeout);
  }

  /** The same options with another broker timeout. */
  public IngestOptions withBrokerTimeout(Duration t) {
    return new IngestOptions(idStrategy, metadata, maxImageBytes, maxInFlight, t);
  }
}
