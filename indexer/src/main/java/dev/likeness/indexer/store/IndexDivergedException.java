package dev.likeness.indexer.store;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * A partition's in-memory index was found to differ from its store and is being rebuilt: not a
 * transition Kafka Streams went through, but a fault the node repairs, which readiness reports.
 */
public final class IndexDivergedException extends InvalidStateStoreException {
  private static final long serialVersionUID = 1L;

  /** Says which partition, and how the index and store differed. */
  public IndexDivergedException(String message) {
    super(message);
  }
}
