package dev.likeness.api.health;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One answer of a health check.
 *
 * @param status UP, DEGRADED, STARTING or DOWN
 * @param httpStatus 200 while the node should receive traffic, else 503
 * @param streams the Kafka Streams state
 * @param indexedLocally images in the local partitions, when the store answered
 * @param reason why the status is not UP
 * @param missingPartitions partitions of the images topic this node's answers would miss, each with
 *     why
 */
public record HealthReport(
    String status,
    int httpStatus,
    String streams,
    OptionalLong indexedLocally,
    Optional<String> reason,
    Map<Integer, String> missingPartitions) {

  /** A report that misses no partition. */
  public HealthReport(
      String status,
      int httpStatus,
      String streams,
      OptionalLong indexedLocally,
      Optional<String> reason) {
    this(status, httpStatus, streams, indexedLocally, reason, Map.of());
  }
}
