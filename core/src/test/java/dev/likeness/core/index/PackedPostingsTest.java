package dev.likeness.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Rice-coded lists must decode to exactly the slots they were packed from. */
class PackedPostingsTest {

  /** Packs {@code lists} (key k = lists.get(k)) and checks every list decodes back unchanged. */
  private static PackedPostings roundTrip(List<int[]> lists) {
    int[] offsets = new int[lists.size() + 1];
    for (int k = 0; k < lists.size(); k++) {
      offsets[k + 1] = offsets[k] + lists.get(k).length;
    }
    int[] slots = new int[offsets[lists.size()]];
    int longest = 0;
    for (int k = 0; k < lists.size(); k++) {
      System.arraycopy(lists.get(k), 0, slots, offsets[k], lists.get(k).length);
      longest = Math.max(longest, lists.get(k).length);
    }
    PackedPostings packed = PackedPostings.pack(offsets, slots);
    assertThat(packed.postings()).isEqualTo(slots.length);
    assertThat(packed.maxCount()).isEqualTo(longest);
    int[] out = new int[longest + 1];
    for (int k = 0; k < lists.size(); k++) {
      Arrays.fill(out, -7);
      int n = packed.decode(k, out);
      assertThat(Arrays.copyOf(out, n)).as("key %d", k).isEqualTo(lists.get(k));
      assertThat(out[n]).as("nothing written past the list").isEqualTo(-7);
    }
    return packed;
  }

  private static int[] ascending(Random rnd, int n, int bound) {
    TreeSet<Integer> set = new TreeSet<>();
    while (set.size() < n) {
      set.add(rnd.nextInt(bound));
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void emptyListsAndEmptyTables() {
    roundTrip(List.of());
    roundTrip(List.of(new int[0], new int[0], new int[0]));
    PackedPostings p = roundTrip(List.of(new int[0], new int[] {5}, new int[0]));
    assertThat(p.decode(0, new int[0])).isZero();
  }

  @Test
  void singlePostingsAtTheEdgesOfTheSlotRange() {
    roundTrip(
        List.of(
            new int[] {0},
            new int[] {1},
            new int[] {Integer.MAX_VALUE},
            new int[] {63},
            new int[] {64}));
  }

  @Test
  void largestGapsAndRunsOfConsecutiveSlots() {
    int[] run = new int[5000];
    Arrays.setAll(run, i -> i);
    roundTrip(
        List.of(
            new int[] {0, Integer.MAX_VALUE}, // the largest gap
            new int[] {Integer.MAX_VALUE - 2, Integer.MAX_VALUE - 1, Integer.MAX_VALUE},
            run, // gaps of zero: a one-bit code each
            withTail(run, 4999 + 64), // Rice parameter 0, then a quotient that fills a long exactly
            withTail(run, 4999 + 65),
            withTail(run, 4999 + 63),
            new int[] {3, 4, 5, 1 << 30, (1 << 30) + 1}));
  }

  private static int[] withTail(int[] list, int last) {
    int[] out = Arrays.copyOf(list, list.length + 1);
    out[list.length] = last;
    return out;
  }

  @Test
  void listsWhoseGapsSpanManyBitWidthsTakeTheLongUnaryPath() {
    // A dense cluster chooses a small Rice parameter, so a far outlier has a unary quotient of
    // thousands of bits: longer than a window, across words and pages.
    Random rnd = new Random(3);
    List<int[]> lists = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      int[] cluster = ascending(rnd, 50 + rnd.nextInt(2000), 4000 + rnd.nextInt(4000));
      int[] list = Arrays.copyOf(cluster, cluster.length + 3);
      list[cluster.length] = 1_000_000 + rnd.nextInt(1000);
      list[cluster.length + 1] = 50_000_000 + rnd.nextInt(1000);
      list[cluster.length + 2] = Integer.MAX_VALUE - rnd.nextInt(1000);
      lists.add(list);
    }
    roundTrip(lists);
  }

  @Test
  void uniformListsCostAboutEighteenBitsAPostingAcrossPages() {
    // 65,536 keys over 2M slots, as one substring at 2M entries: a stream of several pages. Gaps
    // cost ~17.6 bits; list headers and byte alignment ~0.5 more at 30 postings a list.
    int keys = 1 << 16;
    int slots = 2_000_000;
    PackedPostings p = roundTrip(uniformLists(keys, slots, 8));
    long streamBytes = p.capacityBytes() - (keys + 1) * 4L;
    assertThat(streamBytes * 8.0 / slots).isBetween(17.0, 18.5);
  }

  @Test
  void sixteenBitKeysOfAFewPostingsEachGetTheTwoByteDirectory() {
    // 65,536 keys over 83,333 slots, as one substring of a 1M-image node's 12 partitions: with
    // int offsets (262 KB) the directory would outweigh the stream (~250 KB); two-byte ones take
    // 147 KB.
    int keys = 1 << 16;
    int slots = 83_333;
    PackedPostings p = roundTrip(uniformLists(keys, slots, 12));
    assertThat(p.capacityBytes()).isLessThan(keys * 3L + slots * 3L);
  }

  @Test
  void wideKeysKeepTwoByteOffsetsUnlessSixteenListsSpan64KiB() {
    // 2^18 keys, as a multi-index substring of a large index: a few postings a list.
    Random rnd = new Random(11);
    int keys = 1 << 18;
    List<int[]> short_ = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      short_.add(ascending(rnd, rnd.nextInt(4), 5_000_000));
    }
    PackedPostings compact = roundTrip(short_);
    // Same keys, one block of 16 lists long enough (16 × 4,000 postings of ~2 bytes) that its
    // offsets need more than two bytes: the directory keeps ints, and every list still decodes.
    List<int[]> long_ = new ArrayList<>(short_);
    for (int k = 70_000; k < 70_016; k++) {
      long_.set(k, ascending(rnd, 4_000, 50_000_000));
    }
    PackedPostings wide = roundTrip(long_);

    // The long lists add ~130 KB of stream; int offsets add 1.75 bytes a key (459 KB) more.
    assertThat(compact.capacityBytes())
        .as("2.25 bytes of directory a key, not 4")
        .isLessThan(wide.capacityBytes() - keys * 3L / 2);
  }

  @Test
  void filteredDecodeSkipsHolesAndSlotsAlreadySeenAndMarksTheRest() {
    PackedPostings p =
        PackedPostings.pack(new int[] {0, 5, 8}, new int[] {1, 64, 65, 130, 200, 3, 64, 131});
    long[] holes = new long[4];
    holes[130 >>> 6] |= 1L << 130;
    long[] seen = new long[4];
    seen[1 >>> 6] |= 1L << 1;
    int[] out = new int[16];
    out[0] = -1;
    int n = p.decode(0, holes, seen, out, 1);
    assertThat(Arrays.copyOf(out, n)).containsExactly(-1, 64, 65, 200);
    n = p.decode(1, holes, seen, out, n); // 64 was seen by now
    assertThat(Arrays.copyOf(out, n)).containsExactly(-1, 64, 65, 200, 3, 131);
    assertThat(seen[0]).isEqualTo(1L << 1 | 1L << 3);
    assertThat(seen[1]).isEqualTo(1L | 1L << 1);
    assertThat(seen[2]).isEqualTo(1L << (131 - 128));
    assertThat(seen[3]).isEqualTo(1L << (200 - 192));
    assertThat(p.decode(0, holes, null, new int[5], 0)).as("holes only").isEqualTo(4);
  }

  @Test
  void slotsThatDoNotAscendAreRejected() {
    assertThatThrownBy(() -> PackedPostings.pack(new int[] {0, 2}, new int[] {4, 4}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PackedPostings.pack(new int[] {0, 2}, new int[] {4, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PackedPostings.pack(new int[] {0, 1}, new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Slots {@code [0, slots)} spread at random over {@code keys} lists, each in order. */
  private static List<int[]> uniformLists(int keys, int slots, long seed) {
    Random rnd = new Random(seed);
    List<List<Integer>> byKey = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      byKey.add(new ArrayList<>());
    }
    for (int s = 0; s < slots; s++) {
      byKey.get(rnd.nextInt(keys)).add(s);
    }
    List<int[]> lists = new ArrayList<>();
    for (List<Integer> l : byKey) {
      lists.add(l.stream().mapToInt(Integer::intValue).toArray());
    }
    return lists;
  }
}
