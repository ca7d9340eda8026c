package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.ingest.cli.DeleteCommand;
import dev.likeness.ingest.cli.IngestCommand;
import dev.likeness.ingest.cli.ReplayCommand;
import dev.likeness.testing.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The documented way to more partitions: images indexed from a two-partition topic are replayed
 * into a six-partition one, which nodes under a new application id index from then on.
 */
@Tag("broker")
class ReplayToMorePartitionsTest {
  private static final int IMAGES = 12;
  private static final String OLD_TOPIC = "test.images";
  private static final String NEW_TOPIC = "test.images-6";

  @TempDir Path tmp;

  @Test
  void aReplayedTopicIndexedUnderANewApplicationIdHoldsEveryImageOnceAndTheDeletionsToo()
      throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    List<String> ids = new ArrayList<>();
    for (Path seed : TestImages.seeds().subList(0, IMAGES)) {
      Files.copy(seed, photos.resolve(seed.getFileName()));
      ids.add(seed.getFileName().toString());
    }
    String deleted = ids.remove(0);

    try (KRaftBroker broker =
            KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0));
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      String kafka = broker.bootstrapServers();
      try (LikenessNode a = startNode(config(kafka, "app-a", OLD_TOPIC, 2))) {
        run(
            new IngestCommand(),
            "--bootstrap-servers",
            kafka,
            "--images-topic",
            OLD_TOPIC,
            "--quiet",
            "--meta",
            "set=it",
            photos.toString());
        run(
            new DeleteCommand(),
            "--bootstrap-servers",
            kafka,
            "--images-topic",
            OLD_TOPIC,
            deleted);
        HttpTestClient httpA = new HttpTestClient(a.baseUrl());
        await().atMost(Duration.ofSeconds(120)).until(() -> indexed(httpA) == IMAGES - 1);
        assertThat(partitions(admin, OLD_TOPIC)).isEqualTo(2);

        String copied =
            run(
                new ReplayCommand(),
                "--bootstrap-servers",
                kafka,
                "--from",
                OLD_TOPIC,
                "--to",
                NEW_TOPIC,
                "--partitions",
                "6",
                "--replication-factor",
                "1");
        // Every image and the tombstone that deleted one.
        assertThat(copied).contains("copied " + (IMAGES + 1) + " records");
        assertThat(partitions(admin, NEW_TOPIC)).isEqualTo(6);

        try (LikenessNode b = startNode(config(kafka, "app-b", NEW_TOPIC, 6))) {
          HttpTestClient httpB = new HttpTestClient(b.baseUrl());
          await().atMost(Duration.ofSeconds(120)).until(() -> indexed(httpB) == IMAGES - 1);
          for (String id : ids) {
            JsonNode top = httpB.get("/search?id=" + id).json().path("matches").path(0);
            assertThat(top.path("id").asText()).as("top match for %s", id).isEqualTo(id);
            assertThat(top.path("metadata").path("set").asText())
                .as("headers of %s", id)
                .isEqualTo("it");
          }
          assertThat(httpB.get("/images/" + deleted).status()).isEqualTo(404);
          assertThat(
                  b.streams().metadataForLocalThreads().stream()
                      .flatMap(t -> t.activeTasks().stream())
                      .flatMap(t -> t.topicPartitions().stream())
                      .map(tp -> tp.topic())
                      .distinct()
                      .toList())
              .containsExactly(NEW_TOPIC);

          // After the switch publishers write to the new topic, which only the new nodes index.
          byte[] late = Files.readAllBytes(TestImages.seeds().get(IMAGES));
          Answer published = httpB.postRaw("/images?id=late.jpg", late, "image/jpeg");
          assertThat(published.status()).as(published.text()).isEqualTo(202);
          await().atMost(Duration.ofSeconds(60)).until(() -> indexed(httpB) == IMAGES);
          assertThat(httpB.get("/images/late.jpg").status()).isEqualTo(200);
          assertThat(indexed(httpA)).isEqualTo(IMAGES - 1);
        }
      }
    }
  }

  private NodeConfig config(String kafka, String applicationId, String topic, int partitions) {
    return NodeConfig.builder(kafka, tmp.resolve(applicationId))
        .clusterSecret(TestCluster.SECRET)
        .partitions(partitions)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .advertisedHost("127.0.0.1")
        .applicationId(applicationId)
        .imagesTopic(topic)
        .streamThreads(1)
        .replicationFactor((short) 1)
        .build();
  }

  private static LikenessNode startNode(NodeConfig config) throws Exception {
    LikenessNode node = LikenessNode.start(config);
    node.awaitRunning(Duration.ofSeconds(60));
    HttpTestClient http = new HttpTestClient(node.baseUrl());
    await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health/ready").status() == 200);
    return node;
  }

  private static long indexed(HttpTestClient http) {
    return http.get("/health").json().path("indexedLocally").asLong(-1);
  }

  private static int partitions(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .size();
  }

  /** Runs a command in-process; returns what it printed, failing the test on a non-zero exit. */
  private static String run(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int exit = cli.execute(args);
    assertThat(exit).as(out.toString()).isZero();
    return out.toString();
  }
}
