package dev.likeness.bench.cluster;

/**
 * One search by id made against one node.
 *
 * @param node index of the node asked
 * @param startedAt ms since the run began
 * @param endedAt ms since the run began
 * @param id the image searched for
 * @param verdict how the answer is classified
 * @param selfHits how many hits were the image itself
 * @param detail why, when not complete
 */
record SearchOutcome(
    int node,
    long startedAt,
    long endedAt,
    String id,
    SearchVerdict verdict,
    int selfHits,
    String detail) {}
