package dev.likeness.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(
    value = 120,
    unit = TimeUnit.SECONDS) // a hung broker shutdown must fail the test, not the build
@Tag("broker")
class KRaftBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  void producesAndConsumesOnAFreePort() throws Exception {
    try (KRaftBroker broker = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir))) {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:").doesNotEndWith(":0");
      assertThat(broker.formattedOnStart()).isTrue();
      assertThat(broker.dataDir()).isEqualTo(dataDir.toAbsolutePath());

      createTopic(broker, new NewTopic("greetings", 2, (short) 1));
      RecordMetadata sent = produce(broker, "greetings", "k", "hello");
      assertThat(sent.offset()).isZero();

      List<ConsumerRecord<String, String>> records = consume(broker, "greetings", 1);
      assertThat(records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo("k");
                assertThat(r.value()).isEqualTo("hello");
              });
    }
  }

  @Test
  void restartOnTheSameDataDirKeepsTopicsAndRecords() throws Exception {
    String clusterId;
    try (KRaftBroker first = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir))) {
      clusterId = first.clusterId();
      createTopic(first, new NewTopic("durable", 1, (short) 1));
      produce(first, "durable", "key", "survives a restart");
    }

    try (KRaftBroker second = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir))) {
      assertThat(second.formattedOnStart()).isFalse();
      assertThat(second.clusterId()).isEqualTo(clusterId);
      try (Admin admin = admin(second)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("durable");
        assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
            .isEqualTo(clusterId);
      }
      assertThat(consume(second, "durable", 1))
          .singleElement()
          .satisfies(r -> assertThat(r.value()).isEqualTo("survives a restart"));
    }
  }

  @Test
  void separateMetadataDirIsFormattedOnceAndReused() {
    KRaftBroker.Settings settings =
        KRaftBroker.Settings.defaults(dataDir)
            .withProperty("metadata.log.dir", dataDir.resolve("metadata").toString());
    String clusterId;
    try (KRaftBroker first = KRaftBroker.start(settings)) {
      assertThat(first.formattedOnStart()).isTrue();
      clusterId = first.clusterId();
    }
    assertThat(dataDir.resolve("metadata").resolve("meta.properties")).exists();
    assertThat(dataDir.resolve("kafka-logs").resolve("meta.properties")).exists();
    try (KRaftBroker second = KRaftBroker.start(settings)) {
      assertThat(second.formattedOnStart()).isFalse();
      assertThat(second.clusterId()).isEqualTo(clusterId);
    }
  }

  @Test
  void carriesATenMebibyteRecord() throws Exception {
    int sixteenMiB = 16 * 1024 * 1024;
    byte[] payload = new byte[10 * 1024 * 1024];
    new Random(42).nextBytes(payload);

    try (KRaftBroker broker = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir))) {
      createTopic(
          broker,
          new NewTopic("images", 1, (short) 1)
              .configs(Map.of("max.message.bytes", Integer.toString(sixteenMiB))));

      Properties pp = producerProps(broker);
      pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, sixteenMiB);
      pp.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * sixteenMiB);
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>("images", "big", payload)).get(30, TimeUnit.SECONDS);
      }

      Properties cp = consumerProps(broker);
      cp.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, sixteenMiB);
      cp.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, sixteenMiB);
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
        List<ConsumerRecord<String, byte[]>> got = pollUntil(consumer, "images", 1);
        assertThat(got).hasSize(1);
        assertThat(Arrays.equals(got.get(0).value(), payload)).as("payload round-trips").isTrue();
      }
    }
  }

  @Test
  void transactionalProducerCommits() throws Exception {
    try (KRaftBroker broker = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir))) {
      createTopic(broker, new NewTopic("tx", 1, (short) 1));

      Properties pp = producerProps(broker);
      pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "a", "committed"));
        producer.commitTransaction();
      }

      Properties cp = consumerProps(broker);
      cp.put(
          ConsumerConfig.ISOLATION_LEVEL_CONFIG,
          IsolationLevel.READ_COMMITTED.toString().toLowerCase());
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
        assertThat(pollUntil(consumer, "tx", 1))
            .singleElement()
            .satisfies(r -> assertThat(r.value()).isEqualTo("committed"));
      }
    }
  }

  @Test
  void closeIsIdempotentAndAutoTopicCreationIsOff() throws Exception {
    KRaftBroker broker = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir));
    try (Admin admin = admin(broker)) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      Properties pp = producerProps(broker);
      pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
        assertThatThrownBy(
                () ->
                    producer
                        .send(new ProducerRecord<>("never-created", "v"))
                        .get(10, TimeUnit.SECONDS))
            .hasMessageContaining("never-created");
      }
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .doesNotContain("never-created");
    } finally {
      broker.close();
    }
    broker.close();

    // A clean shutdown leaves no broker/controller threads behind: only the JVM-wide Yammer metrics
    // tick threads (daemon, shared by every broker) may remain. A few executors (AlterAcls) finish
    // their last task just after close returns, so wait for them, briefly.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(liveThreadNames())
                    .allMatch(
                        n -> n.startsWith("metrics-meter-tick-thread"),
                        "only metrics tick threads"));
  }

  private static List<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                !n.equals("main")
                    && !n.startsWith("surefire")
                    && !n.startsWith("junit")
                    && !n.startsWith("awaitility"))
        .filter(
            n ->
                !Set.of(
                        "Reference Handler",
                        "Finalizer",
                        "Signal Dispatcher",
                        "Common-Cleaner",
                        "Notification Thread",
                        "Attach Listener",
                        // The JDK's pool that waits for child processes (other tests' brokers)
                        // keeps its threads a minute after they end.
                        "process reaper")
                    .contains(n))
        .sorted()
        .toList();
  }

  @Test
  void failsClearlyWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      KRaftBroker.Settings settings =
          KRaftBroker.Settings.defaults(dataDir)
              .withPort(taken.getLocalPort())
              .withStartupTimeout(Duration.ofSeconds(20));
      assertThatThrownBy(() -> KRaftBroker.start(settings))
          .isInstanceOf(KRaftBroker.BrokerStartException.class)
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
    }
  }

  @Test
  void refusesASecondBrokerOnADataDirInUse() throws Exception {
    try (KRaftBroker first = KRaftBroker.start(KRaftBroker.Settings.defaults(dataDir))) {
      assertThatThrownBy(
              () ->
                  KRaftBroker.start(
                      KRaftBroker.Settings.defaults(dataDir)
                          .withStartupTimeout(Duration.ofSeconds(20))))
          .isInstanceOf(KRaftBroker.BrokerStartException.class)
          .hasMessageContaining("in use");
      // The first broker is unharmed.
      try (Admin admin = admin(first)) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      }
    }
  }

  // ------------------------------------------------------------------------------------------

  private static Admin admin(KRaftBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static void createTopic(KRaftBroker broker, NewTopic topic) throws Exception {
    try (Admin admin = admin(broker)) {
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static Properties producerProps(KRaftBroker broker) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return p;
  }

  private static Properties consumerProps(KRaftBroker broker) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  private static RecordMetadata produce(KRaftBroker broker, String topic, String key, String value)
      throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            producerProps(broker), new StringSerializer(), new StringSerializer())) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static List<ConsumerRecord<String, String>> consume(
      KRaftBroker broker, String topic, int count) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            consumerProps(broker), new StringDeserializer(), new StringDeserializer())) {
      return pollUntil(consumer, topic, count);
    }
  }

  /** Polls (poll itself blocks) until {@code count} records arrived or {@link #WAIT} elapsed. */
  private static <K, V> List<ConsumerRecord<K, V>> pollUntil(
      KafkaConsumer<K, V> consumer, String topic, int count) {
    consumer.subscribe(Set.of(topic));
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (out.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }
}
