package dev.likeness.indexer.store;

import dev.likeness.contract.record.FeatureRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * An image as a listing of the index gives it: its id and its record without payload.
 *
 * @param id the image id
 * @param record what describes the image (no thumbnail, keypoints or frame)
 */
public record ListedImage(String id, FeatureRecord record) {
  /**
   * The order of a listing: the ids' UTF-8 bytes compared unsigned, which is RocksDB's key order
   * (and Unicode code point order), so every partition's store iterates in it and a merge of
   * partitions keeps it.
   */
  public static final Comparator<String> ID_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
}
