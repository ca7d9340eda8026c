package dev.likeness.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PendingPostingsTest {
  private static final int BUCKETS = 64;
  private static final int LOW_BITS = 2;

  /** The live entries of every bucket, by a plain list per bucket (the oracle). */
  private static final class Model {
    final List<List<Integer>> buckets = new ArrayList<>();

    Model() {
      for (int b = 0; b < BUCKETS; b++) {
        buckets.add(new ArrayList<>());
      }
    }
  }

  private static int[] entriesOf(PendingPostings pending, int bucket) {
    int[] into = new int[pending.countAtMost(bucket)];
    int n = pending.entries(bucket, into);
    int[] out = Arrays.copyOf(into, n);
    Arrays.sort(out);
    return out;
  }

  private static int[] sorted(List<Integer> entries) {
    return entries.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @Test
  void addsRemovesAndReplacementsAgreeWithPlainListsAcrossFolds() {
    PendingPostings pending = new PendingPostings(BUCKETS);
    Model model = new Model();
    SplittableRandom random = new SplittableRandom(7);
    int nextSlot = 0;
    int live = 0;
    // Enough additions for several folds of the tail into the run.
    for (int op = 0; op < 60_000; op++) {
      int choice = random.nextInt(10);
      if (choice < 7 || live == 0) {
        int bucket = random.nextInt(BUCKETS);
        int entry = nextSlot++ << LOW_BITS | random.nextInt(1 << LOW_BITS);
        pending.add(bucket, entry);
        model.buckets.get(bucket).add(entry);
        live++;
      } else {
        int bucket = random.nextInt(BUCKETS);
        List<Integer> list = model.buckets.get(bucket);
        if (list.isEmpty()) {
          assertThat(pending.remove(bucket, 12345 << LOW_BITS)).isFalse();
          continue;
        }
        int at = random.nextInt(list.size());
        int entry = list.get(at);
        if (choice < 9) {
          assertThat(pending.remove(bucket, entry)).isTrue();
          list.remove(at);
          live--;
        } else {
          int replacement = nextSlot++ << LOW_BITS | (entry & ((1 << LOW_BITS) - 1));
          assertThat(pending.replace(bucket, entry, replacement)).isTrue();
          list.set(at, replacement);
        }
      }
    }
    assertThat(pending.size()).isEqualTo(live);
    assertThat(live).isGreaterThan(2 * PendingPostings.TAIL); // folds happened
    for (int b = 0; b < BUCKETS; b++) {
      assertThat(entriesOf(pending, b))
          .as("bucket %d", b)
          .containsExactly(sorted(model.buckets.get(b)));
      assertThat(pending.countAtMost(b)).isGreaterThanOrEqualTo(model.buckets.get(b).size());
    }
  }

  @Test
  void collectAppendsEachUnseenSlotOfOneValueOnce() {
    PendingPostings pending = new PendingPostings(BUCKETS);
    // Slots 0..9999 spread over buckets and low values; bucket 5 with low value 3 is asked for.
    List<Integer> expected = new ArrayList<>();
    for (int slot = 0; slot < 10_000; slot++) {
      int bucket = slot % 7 == 0 ? 5 : slot % BUCKETS;
      int low = slot % 4;
      pending.add(bucket, slot << LOW_BITS | low);
      if (bucket == 5 && low == 3) {
        expected.add(slot);
      }
    }
    pending.remove(5, expected.get(0) << LOW_BITS | 3);
    long[] seen = new long[(10_000 + 63) / 64];
    int preSeen = expected.get(1);
    seen[preSeen >>> 6] |= 1L << preSeen; // another list already offered it
    int[] out = new int[pending.countAtMost(5)];

    int n = pending.collect(5, LOW_BITS, 3, seen, out, 0);

    List<Integer> want = new ArrayList<>(expected.subList(2, expected.size()));
    assertThat(Arrays.stream(Arrays.copyOf(out, n)).sorted().boxed().toList()).isEqualTo(want);
    assertThat(pending.collect(5, LOW_BITS, 3, seen, out, 0)).isZero(); // all seen now
  }

  @Test
  void aPendingEntryCostsUnderEightBytesWithTheTables() {
    // 65,536 buckets as in the multi-index, 1M entries: 4 bytes each in the run, plus the tail
    // (8 bytes per slot) and the two per-bucket tables.
    PendingPostings pending = new PendingPostings(1 << 16);
    for (int slot = 0; slot < 1_000_000; slot++) {
      pending.add(Integer.hashCode(slot * 0x9E3779B1) >>> 16, slot);
    }
    assertThat(pending.capacityBytes() / 1_000_000.0).isLessThan(8.0);
  }
}
