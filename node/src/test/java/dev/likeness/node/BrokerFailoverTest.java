package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.api.HttpTestClient;
import dev.likeness.broker.BrokerQuorum;
import dev.likeness.contract.record.Topics;
import dev.likeness.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on a quorum of three brokers, each in its own process: every topic it uses has three
 * replicas, two of which must be in sync; one broker killed with SIGKILL (the leader of an images
 * partition) loses no published image, publishing and searching go on, and the broker restarted on
 * its data folder rejoins.
 */
@Tag("broker")
@Timeout(value = 480, unit = TimeUnit.SECONDS)
class BrokerFailoverTest {
  private static final String APP = "failover";
  private static final int PHOTOS = 30;
  private static final Duration WAIT = Duration.ofSeconds(180);

  /** A killed broker is fenced, and so leaves the ISRs, after 3 s instead of 9. */
  private static final Map<String, String> QUICK_FENCING =
      Map.of("broker.session.timeout.ms", "3000", "broker.heartbeat.interval.ms", "500");

  @Test
  void aBrokerKilledLosesNoImageAndComesBack(@TempDir Path tmp) throws Exception {
    List<Path> photos =
        TestImages.writeHalves(
            TestImages.seeds(), Files.createDirectories(tmp.resolve("photos")), PHOTOS);
    assertThat(photos).hasSize(PHOTOS);
    List<Path> before = photos.subList(0, PHOTOS / 2);
    List<Path> during = photos.subList(PHOTOS / 2, PHOTOS);

    try (BrokerQuorum quorum = BrokerQuorum.start(tmp.resolve("kafka"), 3, QUICK_FENCING);
        Admin admin = admin(quorum.bootstrapServers())) {
      NodeConfig config =
          NodeConfig.builder(quorum.bootstrapServers(), tmp.resolve("node"))
              .clusterSecret(TestCluster.SECRET)
              .httpHost("127.0.0.1")
              .httpPort(0)
              .advertisedHost("127.0.0.1")
              .applicationId(APP)
              .streamThreads(1)
              .build();
      try (LikenessNode node = LikenessNode.start(config)) {
        node.awaitRunning(Duration.ofSeconds(120));
        HttpTestClient http = new HttpTestClient(node.baseUrl());
        await().atMost(WAIT).until(() -> http.get("/health/ready").status() == 200);

        // The topics the node created and those Kafka Streams created, each set by the node itself
        // rather than left to the brokers' defaults.
        Set<String> changelogs =
            admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(APP + "-") && t.endsWith("-changelog"))
                .collect(Collectors.toSet());
        assertThat(changelogs).isNotEmpty();
        for (String topic : union(Set.of(Topics.IMAGES, Topics.REJECTED), changelogs)) {
          assertThat(describe(admin, topic).partitions())
              .as("replicas of %s", topic)
              .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
          assertThat(minInsyncReplicas(admin, topic))
              .as("min.insync.replicas of %s", topic)
              .isEqualTo("2");
        }

        publish(http, before);
        await().atMost(WAIT).until(() -> indexed(http) == before.size());

        int leader = describe(admin, Topics.IMAGES).partitions().get(0).leader().id();
        quorum.kill(leader);

        // Publishing goes on: each answer comes once the surviving replicas have the image.
        publish(http, during);
        // Searching goes on, and every image published before and during is indexed.
        await().atMost(WAIT).until(() -> indexed(http) == PHOTOS);
        for (Path photo : photos) {
          assertThat(topMatch(http, photo))
              .as("top match for %s", photo.getFileName())
              .isEqualTo(photo.getFileName().toString());
        }

        quorum.restart(leader);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    describe(admin, Topics.IMAGES).partitions().stream()
                        .allMatch(p -> p.isr().size() == 3));
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
            .extracting(Node::id)
            .contains(leader);
        assertThat(indexed(http)).isEqualTo(PHOTOS);
      }
    }
  }

  private static void publish(HttpTestClient http, List<Path> photos) throws Exception {
    for (Path photo : photos) {
      String id = photo.getFileName().toString();
      HttpTestClient.Answer a =
          http.postRaw("/images?id=" + id, Files.readAllBytes(photo), "image/jpeg");
      assertThat(a.status()).as("publishing %s: %s", id, a.text()).isEqualTo(202);
    }
  }

  private static long indexed(HttpTestClient http) {
    return http.get("/health").json().path("indexedLocally").asLong(-1);
  }

  private static String topMatch(HttpTestClient http, Path photo) throws Exception {
    return http.postRaw("/search?k=1", Files.readAllBytes(photo), "image/jpeg")
        .json()
        .path("matches")
        .path(0)
        .path("id")
        .asText();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }

  private static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(p);
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic);
  }

  /** The topic's own min.insync.replicas; empty when it only inherits the broker's default. */
  private static String minInsyncReplicas(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    ConfigEntry entry =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(30, TimeUnit.SECONDS)
            .get(resource)
            .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    return entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG ? entry.value() : "";
  }
}
