package dev.likeness.monitor;

import java.util.Map;

/**
 * What the cluster said at one moment about a group on a topic, by partition.
 *
 * @param timeMs wall time of the reading
 * @param endOffsets end offset of every partition of the topic
 * @param committed the group's committed offsets (partitions without one are absent)
 * @param startOffsets log start offsets, where a partition has no committed offset
 * @param owners member owning each partition (client id and host); unowned partitions are absent
 */
public record OffsetsSnapshot(
    long timeMs,
    Map<Integer, Long> endOffsets,
    Map<Integer, Long> committed,
    Map<Integer, Long> startOffsets,
    Map<Integer, String> owners) {

  public OffsetsSnapshot {
    endOffsets = Map.copyOf(endOffsets);
    committed = Map.copyOf(committed);
    startOffsets = Map.copyOf(startOffsets);
    owners = Map.copyOf(owners);
  }
}
