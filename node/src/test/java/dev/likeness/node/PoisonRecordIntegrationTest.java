package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.record.HashValue;
import dev.likeness.contract.record.ImageHeaders;
import dev.likeness.contract.record.Topics;
import dev.likeness.indexer.topology.ImageTopology;
import dev.likeness.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that no client of Likeness would send, written straight to the images topic of a real
 * broker, and writes the broker refuses: each becomes a dead letter and the stream goes on, at the
 * node's default settings (exactly-once).
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // The node runs with the default application id.
  private static final String CHANGELOG = "likeness-" + ImageTopology.STORE + "-changelog";

  private TestCluster cluster;
  private KafkaProducer<byte[], byte[]> producer;
  private KafkaConsumer<String, String> rejected;
  private final List<ConsumerRecord<String, String>> letters = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    cluster = TestCluster.start(tmp);
    NodeConfig defaults =
        NodeConfig.builder(cluster.broker.bootstrapServers(), tmp.resolve("node"))
            .clusterSecret(TestCluster.SECRET)
            .partitions(2)
            .httpPort(0)
            .build();
    cluster.startNode(defaults);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> cluster.http.get("/health/ready").status() == 200);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.broker.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                8 << 20,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    rejected =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "poison-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer());
    rejected.subscribe(List.of(Topics.REJECTED));
  }

  @AfterAll
  void stop() {
    if (rejected != null) {
      rejected.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private void send(String id, byte[] value, RecordHeaders headers) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.IMAGES, null, id.getBytes(StandardCharsets.UTF_8), value, headers))
        .get();
  }

  // A refused write stops its stream thread, which the node replaces: that thread's exception is
  // the
  // backstop working, not the test failing. The replacement takes over once the old member's
  // session times out (45 s by default).
  private JsonNode letterFor(String id) throws Exception {
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              rejected.poll(Duration.ofMillis(200)).forEach(letters::add);
              return letters.stream().anyMatch(r -> id.equals(r.key()));
            });
    return JSON.readTree(
        letters.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow().value());
  }

  private void awaitIndexed(String id) {
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(120))
        .until(() -> cluster.http.get("/images/" + id).status() == 200);
  }

  @Test
  void anOversizedMetadataHeaderIsDeadLetteredAndTheNextImageIsIndexed() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    ImageHeaders.put(headers, ImageHeaders.CONTENT_TYPE, "image/jpeg");
    ImageHeaders.put(headers, ImageHeaders.META_PREFIX + "big", "x".repeat(1_500_000));
    send("poison-meta", TestImages.vector("bridge-mods_aaa-orig.jpg"), headers);
    RecordHeaders good = new RecordHeaders();
    ImageHeaders.put(good, ImageHeaders.CONTENT_TYPE, "image/jpeg");
    send("after-poison-meta", TestImages.vector("bridge-mods_aaa-orig.jpg"), good);

    JsonNode letter = letterFor("poison-meta");
    assertThat(letter.path("reason").asText()).isEqualTo("metadata-too-large");
    assertThat(letter.path("detail").asText()).contains("the limit is");
    awaitIndexed("after-poison-meta");
    assertThat(cluster.http.get("/images/poison-meta").status()).isEqualTo(404);
    awaitReady();
  }

  private void awaitReady() {
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(120))
        .until(() -> cluster.http.get("/health/ready").status() == 200);
  }

  @Test
  void aWriteTheBrokerRefusesIsDeadLetteredInsteadOfReplayed() throws Exception {
    // Images indexed before: the refused write re-creates the task from its changelog (exactly-once
    // wipes a failed transaction's state), and the index must come back equal to the store.
    List<String> before = new ArrayList<>();
    for (Path photo : TestImages.seeds().subList(0, 12)) {
      String id = "before-" + photo.getFileName();
      RecordHeaders h = new RecordHeaders();
      ImageHeaders.put(h, ImageHeaders.CONTENT_TYPE, "image/jpeg");
      send(id, Files.readAllBytes(photo), h);
      before.add(id);
    }
    before.forEach(this::awaitIndexed);
    long indexedBefore = cluster.http.get("/health").json().path("indexedLocally").asLong();

    // An operator lowers the feature store's changelog limit below an image's feature record.
    setChangelogMaxMessageBytes("1024");
    try {
      RecordHeaders headers = new RecordHeaders();
      ImageHeaders.put(headers, ImageHeaders.CONTENT_TYPE, "image/jpeg");
      send("refused-write", TestImages.vector("bridge-mods_aaa-orig.jpg"), headers);
      JsonNode letter = letterFor("refused-write");
      assertThat(letter.path("reason").asText()).isEqualTo("write-failed");
      assertThat(letter.path("detail").asText()).contains(CHANGELOG);
      assertThat(letter.path("topic").asText()).isEqualTo(Topics.IMAGES);

      // A hash import makes a feature record small enough to pass: the stream went on.
      RecordHeaders hash = new RecordHeaders();
      ImageHeaders.put(hash, ImageHeaders.CONTENT_TYPE, HashValue.CONTENT_TYPE);
      send(
          "after-refused-write",
          HashValue.encode(new PdqHash(Hash256.fromHex("ab".repeat(32)), 100)),
          hash);
      awaitIndexed("after-refused-write");
      awaitReady();
      assertThat(cluster.http.get("/health").json().path("indexedLocally").asLong())
          .isEqualTo(indexedBefore + 1);
      for (String id : before) {
        JsonNode answer = cluster.http.get("/search?k=1&id=" + id).json();
        assertThat(answer.path("matches").path(0).path("id").asText())
            .as("search by id %s", id)
            .isEqualTo(id);
        assertThat(answer.path("partial").asBoolean()).isFalse();
      }
    } finally {
      setChangelogMaxMessageBytes(null);
    }
  }

  private void setChangelogMaxMessageBytes(String value) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.broker.bootstrapServers()))) {
      ConfigEntry entry =
          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value == null ? "" : value);
      AlterConfigOp op =
          new AlterConfigOp(
              entry, value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
      admin
          .incrementalAlterConfigs(
              Map.of(new ConfigResource(ConfigResource.Type.TOPIC, CHANGELOG), List.of(op)))
          .all()
          .get();
    }
  }
}
