package dev.likeness.api.lag;

import java.util.List;
import java.util.Optional;

/**
 * What the HTTP API needs of the lag monitor: the latest reading, and the partitions of the images
 * topic it saw. Blocking (a reading may ask Kafka for offsets): call it off the event loop.
 */
public interface LagView {
  /** The latest reading as JSON ({@code likeness lag --json}'s form), if one was taken yet. */
  Optional<String> currentJson();

  /** Why there is no reading, when {@link #currentJson} is empty. */
  String unknownReason();

  /** The partitions of the images topic in the latest reading; empty before the first. */
  List<Integer> imagePartitions();
}
