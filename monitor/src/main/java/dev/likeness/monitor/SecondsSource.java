package dev.likeness.monitor;

/** How a partition's lag in seconds was estimated. */
public enum SecondsSource {
  /** Nothing waits: the lag is 0 s. */
  CAUGHT_UP,
  /** Interpolated in the sampled history of end offsets. */
  INTERPOLATED,
  /** The timestamp of the next unprocessed record, read from the topic. */
  RECORD_TIMESTAMP,
  /** Neither worked: the time since the oldest sample, a lower bound. */
  LOWER_BOUND
}
