package dev.likeness.bench.cluster;

/**
 * What became of one acknowledged image, as the end-of-run checks found it.
 *
 * @param id image id
 * @param topicRecords committed records of it in the images topic
 * @param deadLettered whether it is in the dead-letter topic
 * @param nodesHolding how many nodes answered {@code GET /images/ID} with 200
 * @param nodes how many nodes were asked
 * @param maxSelfHits the most times it was among the hits of a search for itself
 */
record ImageFate(
    String id,
    int topicRecords,
    boolean deadLettered,
    int nodesHolding,
    int nodes,
    int maxSelfHits) {

  /** Acknowledged, yet not in the topic or not in the index. */
  boolean lost() {
    return topicRecords == 0 || nodesHolding == 0;
  }

  /** Written twice to the topic, or indexed twice (found twice by a search for itself). */
  boolean duplicated() {
    return topicRecords > 1 || maxSelfHits > 1;
  }

  /** Indexed, but some node could not find it. */
  boolean unreachable() {
    return nodesHolding > 0 && nodesHolding < nodes;
  }
}
