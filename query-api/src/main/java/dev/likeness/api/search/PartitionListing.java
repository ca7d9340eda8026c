package dev.likeness.api.search;

import dev.likeness.indexer.store.ListedImage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one instance listed of the partitions it was asked for.
 *
 * @param images the first images after the cursor, in {@link ListedImage#ID_ORDER}
 * @param stale the partitions listed from a standby or restoring copy
 * @param failed the partitions that could not be listed, each with the reason
 */
public record PartitionListing(
    List<ListedImage> images, Set<Integer> stale, Map<Integer, String> failed) {
  public PartitionListing {
    images = List.copyOf(images);
    stale = Set.copyOf(stale);
    failed = Map.copyOf(failed);
  }
}
