package dev.likeness.ingest.publish;

import java.util.Map;
import java.util.Objects;

/**
 * How an {@link ImagePublisher} connects and how large an image it accepts.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param maxImageBytes largest image accepted, in bytes (default {@link
 *     RecordSize#DEFAULT_MAX_IMAGE_BYTES})
 * @param clientId Kafka client id, shown in broker logs and metrics
 * @param extraProperties producer properties applied last, overriding the publisher's own
 */
public record PublisherConfig(
    String bootstrapServers, int maxImageBytes, String clientId, Map<String, String> extraProperties) {

  /** Client id used when none is given. */
  public static final String DEFAULT_CLIENT_ID = "likeness-ingest";

  public PublisherConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be empty (host:port)");
    }
    RecordSize.forImageLimit(maxImageBytes); // validates the limit
    clientId = clientId == null || clientId.isBlank() ? DEFAULT_CLIENT_ID : clientId;
    extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
  }

  /** Defaults for everything but the servers. */
  public static PublisherConfig of(String bootstrapServers) {
    return new PublisherConfig(bootstrapServers, RecordSize.DEFAULT_MAX_IMAGE_BYTES, null, Map.of());
  }

  /** The same configuration with another upload limit. */
  public PublisherConfig withMaxImageBytes(int newMaxImageBytes) {
    return new PublisherConfig(bootstrapServers, newMaxImageBytes, clientId, extraProperties);
  }

  /** The same configuration with another client id. */
  public PublisherConfig withClientId(String newClientId) {
    return new PublisherConfig(bootstrapServers, maxImageBytes, newClientId, extraProperties);
  }

  /** The same configuration with other extra producer properties. */
  public PublisherConfig withExtraProperties(Map<String, String> newExtra) {
    return new PublisherConfig(bootstrapServers, maxImageBytes, clientId, newExtra);
  }
}
