package dev.likeness.contract.record;

/** Names of the topics that make up the record contract. */
public final class Topics {
  /**
   * The default name of the images topic: raw image bytes keyed by image id; null value deletes.
   * Compacted source of truth. Processes take another name with {@code --images-topic}.
   */
  public static final String IMAGES = "likeness.images";

  /** Dead letters: images that could not be indexed, with the reason in headers. */
  public static final String REJECTED = "likeness.rejected";

  private Topics() {}
}
