package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.broker.KRaftBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL and started again on its data folder comes back as the same member of
 * the consumer group and gets its partition back. (Under exactly-once, its task has no checkpoint
 * after the kill, so Kafka Streams wipes it and asks for one rebalance, which keeps the
 * assignment.)
 */
@Tag("broker")
class StaticMembershipTest {
  private static final String APP = "static-test";

  /** The static member names ({@code group.instance.id}) in the application's consumer group. */
  private static Set<String> memberNames(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return admin.describeConsumerGroups(List.of(APP)).all().get().get(APP).members().stream()
          .map(m -> m.groupInstanceId().orElse("(dynamic) " + m.consumerId()))
          .collect(Collectors.toSet());
    }
  }

  private static int localPartition(HttpTestClient http) {
    JsonNode partitions = http.get("/status/summary.json").json().path("localPartitions");
    assertThat(partitions.size()).as("local partitions %s", partitions).isEqualTo(1);
    return partitions.get(0).asInt();
  }

  private static int activeTasks(LikenessNode node) {
    int n = 0;
    for (ThreadMetadata t : node.streams().metadataForLocalThreads()) {
      n += t.activeTasks().size();
    }
    return n;
  }

  @Test
  void aKilledNodeRestartedOnItsDataTakesItsPartitionBackWithoutARebalance(@TempDir Path tmp)
      throws Exception {
    try (KRaftBroker broker =
        KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0))) {
      NodeConfig a =
          NodeConfig.builder(broker.bootstrapServers(), tmp.resolve("a"))
              .clusterSecret(TestCluster.SECRET)
              .partitions(2)
              .httpHost("127.0.0.1")
              .httpPort(0)
              .advertisedHost("127.0.0.1")
              .applicationId(APP)
              .streamThreads(1)
              .replicationFactor((short) 1)
              .build();
      try (LikenessNode nodeA = LikenessNode.start(a)) {
        nodeA.awaitRunning(Duration.ofSeconds(60));
        NodeProcess.Started b = NodeProcess.start(broker.bootstrapServers(), tmp.resolve("b"), APP);
        HttpTestClient httpB = new HttpTestClient(b.url());
        // The two partitions settle one per node.
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> activeTasks(nodeA) == 1 && httpB.get("/health/ready").status() == 200);
        int partitionOfB = localPartition(httpB);
        String nameOfB =
            Files.readString(tmp.resolve("b").resolve(LikenessNode.INSTANCE_ID_FILE)).strip();
        assertThat(memberNames(broker.bootstrapServers())).contains(nameOfB + "-1");

        b.process().destroyForcibly().waitFor();
        NodeProcess.Started again =
            NodeProcess.start(broker.bootstrapServers(), tmp.resolve("b"), APP);
        HttpTestClient httpAgain = new HttpTestClient(again.url());
        try {
          await()
              .atMost(Duration.ofSeconds(120))
              .until(() -> httpAgain.get("/health/ready").status() == 200);
          // The restarted process took the killed one's place as the same member: no second
          // member under another name waits for the dead one's session to time out.
          assertThat(memberNames(broker.bootstrapServers())).hasSize(2).contains(nameOfB + "-1");
          assertThat(localPartition(httpAgain)).isEqualTo(partitionOfB);
          assertThat(activeTasks(nodeA)).isEqualTo(1);
        } finally {
          again.process().destroyForcibly().waitFor();
        }
      }
    }
  }
}
