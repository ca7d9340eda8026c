package dev.likeness.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index's page arrays, with their headers, must tile G1 regions with little left over. */
class HeapPageTest {
  /** Bytes of an array header on 64-bit HotSpot with compressed class pointers. */
  private static final long HEADER = 16;

  private static final long[] REGIONS = {1 << 20, 2 << 20, 4 << 20};

  @Test
  void everyPagedArrayTilesARegionWithAtMostFourPercentLeftOver() {
    assertTiles("hash page", PackedHashes.PAGE_SLOTS * 32L);
    assertTiles("int page", PagedInts.PAGE_SIZE * 4L);
    assertTiles(
        "posting page (with the next page's first long)", (PackedPostings.PAGE_WORDS + 1) * 8L);
    assertTiles(
        "directory page (with the next page's first offset)",
        ((1 << PackedPostings.PAGED_DIR_SHIFT) + 1) * 4L);
    assertTiles("id chunk", IdArena.CHUNK_BYTES);
  }

  @Test
  void hashPagesAreFoundByMultiplicationExactlyAsByDivision() {
    for (int slot :
        new int[] {
          0,
          1,
          PackedHashes.PAGE_SLOTS - 1,
          PackedHashes.PAGE_SLOTS,
          PackedHashes.PAGE_SLOTS + 1,
          123_456_789,
          Integer.MAX_VALUE - 1,
          Integer.MAX_VALUE
        }) {
      assertThat(PackedHashes.pageOf(slot))
          .as("page of %d", slot)
          .isEqualTo(slot / PackedHashes.PAGE_SLOTS);
      assertThat(PackedHashes.indexInPage(slot))
          .as("index of %d", slot)
          .isEqualTo(slot % PackedHashes.PAGE_SLOTS);
    }
    Random rnd = new Random(5);
    for (int i = 0; i < 1_000_000; i++) {
      int slot = rnd.nextInt(Integer.MAX_VALUE);
      assertThat(PackedHashes.pageOf(slot)).isEqualTo(slot / PackedHashes.PAGE_SLOTS);
    }
  }

  @Test
  void aQuarterRegionArrayWouldNotTile() {
    // The failure this guards against: 256 KiB of data plus a header leaves a quarter unused.
    assertThat(leftOver(256 * 1024, 1 << 20)).isGreaterThan(0.24);
  }

  private static void assertTiles(String what, long dataBytes) {
    for (long region : REGIONS) {
      assertThat(leftOver(dataBytes, region))
          .as("%s of %d bytes in a %d-byte region", what, dataBytes, region)
          .isLessThanOrEqualTo(0.04);
    }
  }

  private static double leftOver(long dataBytes, long region) {
    long object = dataBytes + HEADER;
    return (double) (region % object) / region;
  }
}
