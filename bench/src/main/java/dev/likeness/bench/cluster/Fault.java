package dev.likeness.bench.cluster;

/** The faults the harness injects, each on one target chosen in turn. */
public enum Fault {
  /** SIGKILL a node, then start it again on the same data folder. */
  NODE_KILL("node kill -9"),
  /** SIGKILL a node, delete its state folder, start it again: it restores from the changelog. */
  NODE_WIPE("node wipe"),
  /** SIGKILL a broker, then start it again on the same log folder. */
  BROKER_KILL("broker kill -9"),
  /** Stop every node gracefully in turn, start it again and wait until it is ready. */
  ROLLING_RESTART("rolling restart");

  private final String label;

  Fault(String label) {
    this.label = label;
  }

  /** How the report names the fault. */
  public String label() {
    return label;
  }
}
