package dev.likeness.node;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node in a process of its own, for tests that kill it: {@code BOOTSTRAP DATA_DIR
 * APPLICATION_ID}. Prints {@code URL <base url>} once its stores answer, then runs until the
 * process is killed.
 */
public final class NodeProcess {
  private NodeProcess() {}

  /** Starts a node in a process of its own and returns it with its base URL once it answers. */
  static Started start(String bootstrap, Path dataDir, String applicationId) throws Exception {
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
            applicationId));
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

  /** A node process and the base URL of its API. */
  record Started(Process process, String url) {}

  public static void main(String[] args) throws Exception {
    NodeConfig config =
        NodeConfig.builder(args[0], Path.of(args[1]))
            .clusterSecret(TestCluster.SECRET)
            .partitions(2)
            .httpHost("127.0.0.1")
            .httpPort(0)
            .advertisedHost("127.0.0.1")
            .applicationId(args[2])
            .streamThreads(1)
            .replicationFactor((short) 1)
            .build();
    LikenessNode node = LikenessNode.start(config);
    node.awaitRunning(Duration.ofSeconds(120));
    System.out.println("URL " + node.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
