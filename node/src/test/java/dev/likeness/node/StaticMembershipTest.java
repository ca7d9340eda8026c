package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.broker.KRaftBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  /** Starts a node in a process of its own and returns it with its base URL once it answers. */
  private static Started startProcess(String bootstrap, Path dataDir) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx512m", "--add-modules", "jdk.incubator.vector"));
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            NodeProcess.class.getName(),
            bootstrap,
            dataDir.toString(),
            APP));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.startsWith("URL ")) {
                    // Keep draining its output so the process never blocks on a full pipe.
                    Thread drain =
                        new Thread(
                            () -> {
                              try {
                                while (out.readLine() != null) {}
                              } catch (Exception ignored) {
                                // the process is gone
                              }
                            });
                    drain.setDaemon(true);
                    drain.start();
                    return line.substring(4).strip();
                  }
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              throw new IllegalStateException("the node process exited before it served");
            });
    return new Started(p, url.get(180, TimeUnit.SECONDS));
  }

  private record Started(Process process, String url) {}

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
              .httpHost("127.0.0.1")
              .httpPort(0)
              .advertisedHost("127.0.0.1")
              .applicationId(APP)
              .streamThreads(1)
              .replicationFactor((short) 1)
              .build();
      try (LikenessNode nodeA = LikenessNode.start(a)) {
        nodeA.awaitRunning(Duration.ofSeconds(60));
        Started b = startProcess(broker.bootstrapServers(), tmp.resolve("b"));
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
        Started again = startProcess(broker.bootstrapServers(), tmp.resolve("b"));
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
