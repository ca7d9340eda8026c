package dev.likeness.node;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A node in a process of its own, for tests that kill it: {@code BOOTSTRAP DATA_DIR
 * APPLICATION_ID}. Prints {@code URL <base url>} once its stores answer, then runs until the
 * process is killed.
 */
public final class NodeProcess {
  private NodeProcess() {}

  public static void main(String[] args) throws Exception {
    NodeConfig config =
        NodeConfig.builder(args[0], Path.of(args[1]))
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
