package dev.likeness.bench.cluster;

/**
 * When one fault ran. Times are ms since the run began.
 *
 * @param fault the fault, or null for the steady load before the first one
 * @param cycle 1-based cycle
 * @param target what it hit, e.g. {@code node-2}, {@code all nodes}
 * @param startedAt when it was injected (the kill, the first stop)
 * @param backAt when the target was running again (ready, or back in the cluster), or -1
 * @param recoveredAt when every serving node had answered complete again, or -1 if it did not
 *     within the bound
 * @param freshAt after a node fault, when the other nodes answered complete again (before the node
 *     was back, or when it was), or -1 if not measured or not within the bound
 * @param endedAt when the next fault began, or the load stopped
 */
record FaultWindow(
    Fault fault,
    int cycle,
    String target,
    long startedAt,
    long backAt,
    long recoveredAt,
    long freshAt,
    long endedAt) {

  FaultWindow endingAt(long end) {
    return new FaultWindow(fault, cycle, target, startedAt, backAt, recoveredAt, freshAt, end);
  }

  boolean contains(long t) {
    return t >= startedAt && t < endedAt;
  }

  String label() {
    return fault == null ? "steady load" : fault.label();
  }
}
