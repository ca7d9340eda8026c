package dev.likeness.bench.cluster;

import java.nio.file.Path;

/**
 * One Likeness node of the local cluster, and whether the harness sends it searches: not between
 * the moment a fault takes it down and the moment it is ready again, as a load balancer would.
 */
final class ClusterNode {
  private final int index;
  private final int httpPort;
  private final Path dataDir;
  private final ChildJvm jvm;
  private final NodeClient client;
  private volatile boolean serving;
  private volatile int kills;

  ClusterNode(int index, int httpPort, Path dataDir, ChildJvm jvm, NodeClient client) {
    this.index = index;
    this.httpPort = httpPort;
    this.dataDir = dataDir;
    this.jvm = jvm;
    this.client = client;
  }

  int index() {
    return index;
  }

  String name() {
    return jvm.name();
  }

  int httpPort() {
    return httpPort;
  }

  /** The node's {@code --data-dir}. */
  Path dataDir() {
    return dataDir;
  }

  /** The Kafka Streams state folder under it ({@code DATA/node/state}). */
  Path stateDir() {
    return dataDir.resolve("node").resolve("state");
  }

  ChildJvm jvm() {
    return jvm;
  }

  NodeClient client() {
    return client;
  }

  boolean serving() {
    return serving;
  }

  void serving(boolean now) {
    serving = now;
  }

  /** How often the harness has SIGKILLed this node. */
  int kills() {
    return kills;
  }

  void killed() {
    kills++;
  }
}
