package dev.likeness.monitor;

/** How a partition of the images topic keeps up, from best to worst. */
public enum LagStatus {
  /** Nothing waits. */
  OK,
  /** Records wait and the committed offset moves: the indexer is catching up. */
  LAGGING,
  /** Records wait and the committed offset has stood still for the whole evaluation window. */
  STALLED,
  /** No member of the group owns the partition: nothing will process it. */
  STOPPED;

  /** The worse of two statuses. */
  public LagStatus worse(LagStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
