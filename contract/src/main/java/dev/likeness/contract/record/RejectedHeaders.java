package dev.likeness.contract.record;

/** Header names that {@link Topics#REJECTED} records add to the original image's headers. */
public final class RejectedHeaders {
  /** Stable reason code, e.g. {@code corrupt} or {@code too-many-pixels}. */
  public static final String REASON = "rejected.reason";

  /** Human-readable explanation. */
  public static final String DETAIL = "rejected.detail";

  /** Topic of the rejected record. */
  public static final String SOURCE_TOPIC = "rejected.topic";

  /** Partition of the rejected record, decimal. */
  public static final String SOURCE_PARTITION = "rejected.partition";

  /** Offset of the rejected record, decimal. */
  public static final String SOURCE_OFFSET = "rejected.offset";

  /** Size of the rejected value in bytes, decimal. */
  public static final String SOURCE_SIZE = "rejected.size";

  private RejectedHeaders() {}
}
