package dev.likeness.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers of a quorum, each in its own process: they agree on a cluster, replicate every topic
 * three times with two replicas in sync required for acks=all, outlive one of them killed with
 * SIGKILL, and take a killed member back from its data folder.
 */
@Tag("broker")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BrokerQuorumTest {
  /** A killed member is fenced, and so leaves the ISRs, after 3 s instead of 9. */
  private static final Map<String, String> QUICK_FENCING =
      Map.of("broker.session.timeout.ms", "3000", "broker.heartbeat.interval.ms", "500");

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void threeMembersReplicateEveryTopicThriceAndOutliveTheLeaderKilled() throws Exception {
    try (BrokerQuorum quorum = BrokerQuorum.start(tmp, 3, QUICK_FENCING);
        Admin admin = admin(quorum)) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .extracting(Node::id)
          .containsExactlyInAnyOrder(1, 2, 3);
      // Formatted apart, the members agree on the id derived from the voters.
      assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
          .isEqualTo(quorum.voters().derivedClusterId());

      // No replication factor given: the broker's default applies.
      admin
          .createTopics(List.of(new NewTopic("replicated", Optional.of(1), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> partition(admin, "replicated").isr().size() == 3);
      assertThat(partition(admin, "replicated").replicas()).hasSize(3);
      assertThat(minInsyncReplicas(admin, "replicated")).isEqualTo("2");

      try (KafkaProducer<String, String> producer = producer(quorum, true)) {
        producer.send(new ProducerRecord<>("replicated", "k", "before")).get(30, TimeUnit.SECONDS);
        int leader = partition(admin, "replicated").leader().id();

        quorum.kill(leader);
        // The producer finds the new leader by itself; acks=all now means both survivors.
        producer.send(new ProducerRecord<>("replicated", "k", "after")).get(60, TimeUnit.SECONDS);
        assertThat(partition(admin, "replicated").leader().id()).isNotEqualTo(leader);

        quorum.restart(leader);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    partition(admin, "replicated").isr().stream().anyMatch(n -> n.id() == leader)
                        && partition(admin, "replicated").isr().size() == 3);
        producer.send(new ProducerRecord<>("replicated", "k", "back")).get(30, TimeUnit.SECONDS);
      }
      // The restarted member caught up on what it missed, from its own data folder onwards.
      assertThat(values(quorum.bootstrapServers(leaderOf(admin)), "replicated", 3))
          .containsExactly("before", "after", "back");
    }
  }

  @Test
  void acksAllIsRefusedOnceFewerThanTwoReplicasAreInSync() throws Exception {
    // Five voters, so that two members killed still leave a majority to shrink the ISR.
    try (BrokerQuorum quorum = BrokerQuorum.start(tmp, 5, QUICK_FENCING);
        Admin admin = admin(quorum)) {
      admin
          .createTopics(List.of(new NewTopic("guarded", Optional.of(1), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> partition(admin, "guarded").isr().size() == 3);
      assertThat(minInsyncReplicas(admin, "guarded")).isEqualTo("2");
      TopicPartitionInfo p = partition(admin, "guarded");
      int leader = p.leader().id();
      List<Integer> followers =
          p.replicas().stream().map(Node::id).filter(id -> id != leader).toList();

      try (KafkaProducer<String, String> producer = producer(quorum, true)) {
        quorum.kill(followers.get(0));
        await().atMost(WAIT).until(() -> partition(admin, "guarded").isr().size() == 2);
        producer
            .send(new ProducerRecord<>("guarded", "k", "two in sync"))
            .get(30, TimeUnit.SECONDS);

        quorum.kill(followers.get(1));
        await().atMost(WAIT).until(() -> partition(admin, "guarded").isr().size() == 1);
        // One replica in sync: the leader refuses acks=all, but still takes acks=1.
        try (KafkaProducer<String, String> probe = producer(quorum, false)) {
          assertThatThrownBy(
                  () ->
                      probe
                          .send(new ProducerRecord<>("guarded", "k", "one in sync"))
                          .get(30, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .hasCauseInstanceOf(NotEnoughReplicasException.class);
        }
        try (KafkaProducer<String, String> acksOne = acksOneProducer(quorum)) {
          acksOne.send(new ProducerRecord<>("guarded", "k", "acks=1")).get(30, TimeUnit.SECONDS);
        }

        quorum.restart(followers.get(0));
        quorum.restart(followers.get(1));
        await().atMost(WAIT).until(() -> partition(admin, "guarded").isr().size() == 3);
        producer
            .send(new ProducerRecord<>("guarded", "k", "three again"))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Admin admin(BrokerQuorum quorum) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, quorum.bootstrapServers());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(p);
  }

  private static TopicPartitionInfo partition(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .get(0);
  }

  private static int leaderOf(Admin admin) throws Exception {
    return partition(admin, "replicated").leader().id();
  }

  private static String minInsyncReplicas(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin
        .describeConfigs(List.of(resource))
        .all()
        .get(30, TimeUnit.SECONDS)
        .get(resource)
        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
        .value();
  }

  /**
   * acks=all; idempotent like every Likeness producer, or a probe that reports the broker's first
   * refusal instead of retrying it.
   */
  private static KafkaProducer<String, String> producer(BrokerQuorum quorum, boolean idempotent) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, quorum.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
    if (!idempotent) {
      p.put(ProducerConfig.RETRIES_CONFIG, 0);
    }
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaProducer<String, String> acksOneProducer(BrokerQuorum quorum) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, quorum.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** The first {@code count} values of partition 0, read from one member only. */
  private static List<String> values(String bootstrap, String topic, int count) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return values.size() >= count;
              });
    }
    return values;
  }
}
