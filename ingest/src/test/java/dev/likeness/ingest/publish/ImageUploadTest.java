package dev.likeness.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.kafka.KafkaClientSettings;
import dev.likeness.contract.record.ImageUpload;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ImageUploadTest {
  private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0};

  @Test
  void rejectsBadIdsWithTheCoreMessage() {
    assertThatThrownBy(() -> ImageUpload.of("", IMAGE, "image/jpeg", "a.jpg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> ImageUpload.of("x".repeat(257), IMAGE, "image/jpeg", "a.jpg"))
        .hasMessageContaining("limit is 256");
    assertThatThrownBy(() -> ImageUpload.of("a\nb", IMAGE, "image/jpeg", "a.jpg"))
        .hasMessageContaining("control characters");
  }

  @Test
  void rejectsEmptyImagesAndBadMetadataNames() {
    assertThatThrownBy(() -> ImageUpload.of("a", new byte[0], "", ""))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new ImageUpload("a", IMAGE, "", "", Map.of(" ", "v"), 0))
        .hasMessageContaining("metadata name");
  }

  @Test
  void checksSizeAgainstTheLimit() {
    ImageUpload upload = ImageUpload.of("a", new byte[100], "", "");
    upload.requireAtMost(100);
    assertThatThrownBy(() -> upload.requireAtMost(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100 bytes")
        .hasMessageContaining("limit is 99");
  }

  @Test
  void keepsMetadataOrderAndNormalisesNulls() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("z", "1");
    meta.put("a", null);
    ImageUpload upload = new ImageUpload("id", IMAGE, null, null, meta, 5);
    assertThat(upload.metadata()).containsExactly(Map.entry("z", "1"), Map.entry("a", ""));
    assertThat(upload.contentType()).isEmpty();
    assertThat(upload.source()).isEmpty();
  }

  @Test
  void producerIsIdempotentWithAcksAllWhateverTheExtrasSayAndSizedForTheLimit() {
    Properties p =
        ImagePublisher.producerProperties(
            PublisherConfig.of("h:9092")
                .withExtraProperties(
                    Map.of("linger.ms", "0", "acks", "1", "enable.idempotence", "false")));
    assertThat(p)
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all")
        .containsEntry("compression.type", "none")
        .containsEntry("max.request.size", String.valueOf(17 * 1024 * 1024))
        .containsEntry("linger.ms", "0");
    assertThat(Long.parseLong(p.getProperty("buffer.memory"))).isGreaterThanOrEqualTo(34L << 20);
  }

  @Test
  void producerTakesTheOperatorsClientSettingsUnderTheFlagsOwn() {
    Properties p =
        ImagePublisher.producerProperties(
            PublisherConfig.of("h:9092")
                .withKafka(
                    KafkaClientSettings.of(
                        Map.of(
                            "security.protocol", "SASL_SSL",
                            "sasl.mechanism", "PLAIN",
                            "linger.ms", "50",
                            "max.block.ms", "5000",
                            "fetch.min.bytes", "10")))
                .waitingOutOutagesOf(Duration.ofSeconds(20)));
    assertThat(p)
        .containsEntry("bootstrap.servers", "h:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        // Over the publisher's default of 5 ms.
        .containsEntry("linger.ms", "50")
        // --broker-timeout decides how long a send blocks, over the file.
        .containsEntry("max.block.ms", "10000")
        .doesNotContainKey("fetch.min.bytes");
  }
}
