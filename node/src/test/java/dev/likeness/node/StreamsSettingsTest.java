package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.contract.kafka.KafkaClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The delivery and replication settings of a node's Kafka Streams. */
class StreamsSettingsTest {
  private static final String MIN_INSYNC =
      StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);

  private static NodeConfig.Builder config() {
    return NodeConfig.builder("localhost:9092", Path.of("x"));
  }

  private static Properties on(NodeConfig cfg, int brokers) {
    Properties p = StreamsSettings.of(cfg, 8080, "node-1");
    StreamsSettings.replicateInternalTopics(p, cfg, brokers);
    return p;
  }

  @Test
  void producersWaitForEveryReplicaInSyncAndNeverDuplicateEvenAtLeastOnce() {
    for (boolean exactlyOnce : new boolean[] {true, false}) {
      Properties p = on(config().exactlyOnce(exactlyOnce).build(), 3);
      assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG))).isEqualTo("all");
      assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)))
          .isEqualTo(true);
      // Streams itself accepts them under either guarantee.
      new StreamsConfig(p);
    }
  }

  @Test
  void exactlyOnceTransactionsOutlastAStarvedStreamThread() {
    Properties p = on(config().exactlyOnce(true).build(), 3);
    // What Streams gives its producers, after its own exactly-once defaults (10 s).
    Map<String, Object> producer = new StreamsConfig(p).getProducerConfigs("client");
    assertThat(producer.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
        .isEqualTo((int) StreamsSettings.TRANSACTION_TIMEOUT.toMillis());
    assertThat(StreamsSettings.TRANSACTION_TIMEOUT).isGreaterThan(Duration.ofSeconds(10));
  }

  @Test
  void internalTopicsHaveThreeReplicasTwoInSyncOnThreeBrokersOrMore() {
    Properties three = on(config().build(), 3);
    assertThat(three.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
    assertThat(three.get(MIN_INSYNC)).isEqualTo(2);
    assertThat(on(config().build(), 5).get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
  }

  @Test
  void internalTopicsFollowASmallerClusterOrTheConfiguredFactor() {
    Properties alone = on(config().build(), 1);
    assertThat(alone.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
    assertThat(alone).doesNotContainKey(MIN_INSYNC);

    Properties two = on(config().replicationFactor((short) 2).build(), 3);
    assertThat(two.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(2);
    assertThat(two).doesNotContainKey(MIN_INSYNC);
  }

  @Test
  void streamsOverridesWin() {
    Properties p =
        on(
            config()
                .streamsOverrides(
                    Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "5", MIN_INSYNC, "3"))
                .build(),
            3);
    assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo("5");
    assertThat(p.get(MIN_INSYNC)).isEqualTo("3");
  }

  @Test
  void theOperatorsClientSettingsReachEveryStreamsClientOverTheNodesTunings() {
    Properties p =
        on(
            config()
                .kafkaClient(
                    KafkaClientSettings.of(
                        Map.of(
                            "security.protocol",
                            "SASL_SSL",
                            "sasl.mechanism",
                            "SCRAM-SHA-256",
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                            "32")))
                .build(),
            1);
    assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(p.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-256");
    // The node's prefixed tuning would win inside Streams: it gives way to the operator's.
    assertThat(p).doesNotContainKey(StreamsConfig.consumerPrefix("max.poll.records"));
    StreamsConfig streams = new StreamsConfig(p);
    assertThat(streams.getMainConsumerConfigs("g", "c", 0))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "32");
    assertThat(streams.getProducerConfigs("c")).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    assertThat(streams.getAdminConfigs("c")).containsEntry("security.protocol", "SASL_SSL");
    assertThat(streams.getRestoreConsumerConfigs("c"))
        .containsEntry("security.protocol", "SASL_SSL");
  }
}
