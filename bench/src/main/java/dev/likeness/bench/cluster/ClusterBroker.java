package dev.likeness.bench.cluster;

import java.nio.file.Path;

/**
 * One broker of the local cluster: its ports and folder stay the same across restarts.
 *
 * @param index 0-based; its KRaft node id is {@code index + 1}
 * @param kafkaPort client port
 * @param controllerPort controller port (used in a quorum of several brokers)
 * @param dataDir the broker's folder
 * @param jvm its process
 */
record ClusterBroker(int index, int kafkaPort, int controllerPort, Path dataDir, ChildJvm jvm) {
  String name() {
    return jvm.name();
  }
}
