package dev.likeness.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, checking, splitting and printing the operator's Kafka client settings. */
class KafkaClientSettingsTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"likeness\" password=\"s3cr3t-pw\";";

  @TempDir Path dir;

  private Path file(String... lines) throws Exception {
    Path f = dir.resolve("kafka.properties");
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void aSaslFileReachesEveryKindOfClientWithTheServersOfTheFlag() throws Exception {
    KafkaClientSettings s =
        KafkaClientSettings.load(
            file(
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-256",
                "sasl.jaas.config=" + JAAS,
                "ssl.truststore.location=/etc/kafka/truststore.p12"));
    Map<String, Object> admin = s.admin("kafka:9093", Map.of("client.id", "x"));
    assertThat(admin)
        .containsEntry("bootstrap.servers", "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("client.id", "x");
    assertThat(s.forProducer()).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    assertThat(s.forConsumer())
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
    assertThat(s.securityProtocol()).isEqualTo("SASL_SSL");
    assertThat(s.source()).contains(dir.resolve("kafka.properties"));
  }

  @Test
  void theFileWinsOverAClientsOwnDefaults() throws Exception {
    KafkaClientSettings s = KafkaClientSettings.load(file("request.timeout.ms=90000"));
    assertThat(s.admin("k:9092", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)))
        .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "90000");
  }

  @Test
  void eachClientGetsOnlyWhatItUnderstandsPlusWhatNoClientKnows() {
    KafkaClientSettings s =
        KafkaClientSettings.of(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                "20",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                "10",
                "security.protocol",
                "SSL",
                "aws.profile",
                "prod"));
    assertThat(s.forAdmin()).containsOnlyKeys("security.protocol", "aws.profile");
    assertThat(s.forProducer()).containsOnlyKeys("security.protocol", "aws.profile", "linger.ms");
    assertThat(s.forConsumer())
        .containsOnlyKeys("security.protocol", "aws.profile", "fetch.min.bytes");
    assertThat(s.unknown()).containsExactly("aws.profile");
  }

  @Test
  void propertiesLikenessOwnsAreRefusedByName() throws Exception {
    Path f = file("security.protocol=SASL_SSL", "bootstrap.servers=evil:9092", "acks=1");
    assertThatThrownBy(() -> KafkaClientSettings.load(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers (use --bootstrap-servers)")
        .hasMessageContaining("acks")
        .hasMessageContaining(f.toAbsolutePath().toString());
    for (String owned : KafkaClientSettings.RESERVED.keySet()) {
      assertThatThrownBy(() -> KafkaClientSettings.of(Map.of(owned, "x")))
          .hasMessageContaining(owned);
    }
  }

  @Test
  void aMissingFileIsAnErrorNotPlaintext() {
    assertThatThrownBy(() -> KafkaClientSettings.load(dir.resolve("nope.properties")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void printingHidesPasswordsKeysAndJaasButShowsTheRest() {
    KafkaClientSettings s =
        KafkaClientSettings.of(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.password", "tspw-123",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----abc",
                "my.plugin.client.secret", "plugin-secret"));
    String shown = s.toString();
    assertThat(shown)
        .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]")
        .doesNotContain("s3cr3t-pw", "tspw-123", "PRIVATE KEY", "plugin-secret");
  }

  @Test
  void noneIsPlaintextAndEmpty() {
    assertThat(KafkaClientSettings.none().isEmpty()).isTrue();
    assertThat(KafkaClientSettings.none().securityProtocol()).isEqualTo("PLAINTEXT");
    assertThat(KafkaClientSettings.none().admin("k:1")).containsOnlyKeys("bootstrap.servers");
  }
}
