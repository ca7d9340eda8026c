package dev.likeness.ingest.publish;

import dev.likeness.contract.kafka.KafkaClientSettings;
import dev.likeness.contract.record.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How an {@link ImagePublisher} connects and how large an image it accepts.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param maxImageBytes largest image accepted, in bytes (default {@link
 *     RecordSize#DEFAULT_MAX_IMAGE_BYTES})
 * @param clientId Kafka client id, shown in broker logs and metrics
 * @param extraProperties producer properties applied last, overriding the publisher's own
 * @param imagesTopic the topic images are published to (default {@value Topics#IMAGES})
 * @param kafka the operator's client settings ({@code --kafka-config}): over the publisher's own
 *     defaults, under the extra properties
 */
public record PublisherConfig(
    String bootstrapServers,
    int maxImageBytes,
    String clientId,
    Map<String, String> extraProperties,
    String imagesTopic,
    KafkaClientSettings kafka) {

  /** Client id used when none is given. */
  public static final String DEFAULT_CLIENT_ID = "likeness-ingest";

  /** The producer's {@code request.timeout.ms}, as {@link ImagePublisher} sets it. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Longest {@code send()} blocks while outages are waited out: the caller watches the cluster. */
  private static final Duration MAX_BLOCK_DURING_OUTAGES = Duration.ofSeconds(10);

  public PublisherConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be empty (host:port)");
    }
    RecordSize.forImageLimit(maxImageBytes); // validates the limit
    clientId = clientId == null || clientId.isBlank() ? DEFAULT_CLIENT_ID : clientId;
    extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
    imagesTopic = imagesTopic == null || imagesTopic.isBlank() ? Topics.IMAGES : imagesTopic;
    kafka = kafka == null ? KafkaClientSettings.none() : kafka;
  }

  /** A configuration with no operator client settings. */
  public PublisherConfig(
      String bootstrapServers,
      int maxImageBytes,
      String clientId,
      Map<String, String> extraProperties,
      String imagesTopic) {
    this(
        bootstrapServers,
        maxImageBytes,
        clientId,
        extraProperties,
        imagesTopic,
        KafkaClientSettings.none());
  }

  /** A configuration publishing to {@value Topics#IMAGES}. */
  public PublisherConfig(
      String bootstrapServers,
      int maxImageBytes,
      String clientId,
      Map<String, String> extraProperties) {
    this(bootstrapServers, maxImageBytes, clientId, extraProperties, Topics.IMAGES);
  }

  /** Defaults for everything but the servers. */
  public static PublisherConfig of(String bootstrapServers) {
    return new PublisherConfig(
        bootstrapServers, RecordSize.DEFAULT_MAX_IMAGE_BYTES, null, Map.of());
  }

  /** The same configuration with another upload limit. */
  public PublisherConfig withMaxImageBytes(int newMaxImageBytes) {
    return new PublisherConfig(
        bootstrapServers, newMaxImageBytes, clientId, extraProperties, imagesTopic, kafka);
  }

  /** The same configuration with another client id. */
  public PublisherConfig withClientId(String newClientId) {
    return new PublisherConfig(
        bootstrapServers, maxImageBytes, newClientId, extraProperties, imagesTopic, kafka);
  }

  /**
   * The same configuration for a producer that waits out Kafka outages of up to {@code outage} (the
   * ingest command's {@code --broker-timeout}): records stay in the producer, and are retried,
   * until a full request timeout after such an outage instead of the default minute, so a shorter
   * outage neither loses nor duplicates them; and {@code send()} blocks for metadata or buffer
   * space at most {@code min(outage, 10 s)}.
   */
  public PublisherConfig waitingOutOutagesOf(Duration outage) {
    if (outage.isNegative() || outage.isZero()) {
      throw new IllegalArgumentException("broker timeout must be positive, was " + outage);
    }
    long deliveryMs = Math.min(Integer.MAX_VALUE, outage.toMillis() + REQUEST_TIMEOUT.toMillis());
    long blockMs = Math.min(outage.toMillis(), MAX_BLOCK_DURING_OUTAGES.toMillis());
    Map<String, String> extra = new HashMap<>(extraProperties);
    extra.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryMs));
    extra.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Math.max(1, blockMs)));
    return withExtraProperties(extra);
  }

  /** The same configuration with other extra producer properties. */
  public PublisherConfig withExtraProperties(Map<String, String> newExtra) {
    return new PublisherConfig(
        bootstrapServers, maxImageBytes, clientId, newExtra, imagesTopic, kafka);
  }

  /** The same configuration publishing to another images topic. */
  public PublisherConfig withImagesTopic(String topic) {
    return new PublisherConfig(
        bootstrapServers, maxImageBytes, clientId, extraProperties, topic, kafka);
  }

  /** The same configuration with the operator's client settings ({@code --kafka-config}). */
  public PublisherConfig withKafka(KafkaClientSettings settings) {
    return new PublisherConfig(
        bootstrapServers, maxImageBytes, clientId, extraProperties, imagesTopic, settings);
  }
}
