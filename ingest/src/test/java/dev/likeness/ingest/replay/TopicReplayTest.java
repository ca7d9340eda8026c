package dev.likeness.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.broker.KRaftBroker;
import dev.likeness.ingest.cli.ReplayCommand;
import dev.likeness.ingest.topics.TopicLayout;
import dev.likeness.ingest.topics.TopicSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code likeness replay} and {@link TopicReplay} on a real in-process broker. */
@Tag("broker")
class TopicReplayTest {
  @TempDir static Path brokerDir;

  private static KRaftBroker broker;
  private static Admin admin;
  private static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void startBroker() {
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(brokerDir).withPort(0));
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  @AfterAll
  static void stopBroker() {
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void copiesKeysValuesTombstonesHeadersAndTimestampsIntoANewTopicLikeTheImagesTopic()
      throws Exception {
    String source = createSource("copy.source", 2);
    RecordHeaders headers = new RecordHeaders();
    headers.add("meta.set", "it".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 20; i++) {
      send(source, "id-" + i, bytes("v" + i), 1_700_000_000_000L + i, headers);
    }
    send(source, "id-3", null, 1_700_000_001_000L, new RecordHeaders());

    Run run =
        replay("--from", source, "--to", "copy.target", "--partitions", "6", "--max-bytes", "1000");
    assertThat(run.exit()).as(run.text()).isZero();
    assertThat(run.text()).contains("copied 21 records from copy.source to copy.target");

    List<ConsumerRecord<byte[], byte[]>> copied = readAll("copy.target");
    assertThat(copied).hasSize(21);
    for (ConsumerRecord<byte[], byte[]> r : copied) {
      // Where a publisher of the key would now send it: later records of an id land beside it.
      assertThat(r.partition()).isEqualTo(BuiltInPartitioner.partitionForKey(r.key(), 6));
    }
    List<ConsumerRecord<byte[], byte[]>> id3 =
        copied.stream().filter(r -> key(r).equals("id-3")).toList();
    assertThat(id3).hasSize(2);
    assertThat(id3.get(0).value()).isEqualTo(bytes("v3"));
    assertThat(id3.get(0).timestamp()).isEqualTo(1_700_000_000_003L);
    assertThat(
            new String(id3.get(0).headers().lastHeader("meta.set").value(), StandardCharsets.UTF_8))
        .isEqualTo("it");
    assertThat(id3.get(1).value()).as("the delete stays a delete, after the image").isNull();
    assertThat(id3.get(1).timestamp()).isEqualTo(1_700_000_001_000L);

    assertThat(partitions("copy.target")).isEqualTo(6);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "copy.target");
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
        .isEqualTo(
            TopicSetup.plan(new TopicLayout(6, 1, 1000, "copy.target"), 1)
                .get(0)
                .configs()
                .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
  }

  @Test
  void followingCopiesWhatIsPublishedAfterTheStartUntilStopped() throws Exception {
    String source = createSource("follow.source", 3);
    send(source, "before", bytes("b"), System.currentTimeMillis(), new RecordHeaders());
    new TopicSetup(admin).createImagesTopic(new TopicLayout(6, 1, 1000, "follow.target"));
    TopicReplay replay = new TopicReplay(broker.bootstrapServers(), source, "follow.target", 1000);

    CompletableFuture<Long> running =
        CompletableFuture.supplyAsync(() -> replay.run(true, (copied, behind) -> {}));
    await().atMost(Duration.ofSeconds(30)).until(() -> replay.copied() == 1);
    send(source, "after", bytes("a"), System.currentTimeMillis(), new RecordHeaders());
    await().atMost(Duration.ofSeconds(30)).until(() -> replay.copied() == 2);
    assertThat(running).isNotDone();
    replay.stop();

    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(readAll("follow.target").stream().map(TopicReplayTest::key))
        .containsExactlyInAnyOrder("before", "after");
  }

  @Test
  void refusesATargetThatExistsAndASourceThatDoesNot() throws Exception {
    String source = createSource("refuse.source", 1);
    new TopicSetup(admin).createImagesTopic(new TopicLayout(2, 1, 1000, "refuse.target"));

    Run exists = replay("--from", source, "--to", "refuse.target");
    assertThat(exists.exit()).isEqualTo(1);
    assertThat(exists.text()).contains("refuse.target exists");

    Run missing = replay("--from", "refuse.nothing", "--to", "refuse.other");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.text()).contains("refuse.nothing");
    assertThat(admin.listTopics().names().get()).doesNotContain("refuse.other");
  }

  private record Run(int exit, String text) {}

  private static Run replay(String... args) {
    List<String> all = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers()));
    all.addAll(List.of("--replication-factor", "1"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ReplayCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString());
  }

  private static String createSource(String name, int partitions) {
    new TopicSetup(admin).createImagesTopic(new TopicLayout(partitions, 1, 1000, name));
    return name;
  }

  private static void send(
      String topic, String key, byte[] value, long timestamp, RecordHeaders headers)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, null, timestamp, key, value, headers)).get();
  }

  private static int partitions(String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .size();
  }

  /** Every record of {@code topic}, each partition in order, partitions one after another. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
      return records;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8);
  }
}
