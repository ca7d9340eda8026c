package dev.likeness.bench.cluster;

/**
 * One image the harness published, as the publisher saw it.
 *
 * @param id image id
 * @param sentAt when it was handed to the producer, ms since the run began
 * @param ackedAt when every in-sync replica had it, or -1
 * @param failure why the producer gave up on it, or null
 */
record Publication(String id, long sentAt, long ackedAt, String failure) {
  boolean acked() {
    return ackedAt >= 0;
  }
}
