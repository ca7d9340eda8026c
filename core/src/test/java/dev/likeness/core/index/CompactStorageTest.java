package dev.likeness.core.index;

import static dev.likeness.core.index.HammingIndexTest.bruteForce;
import static dev.likeness.core.index.HammingIndexTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.hash.Hash256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The id arena, the slot table and the per-entry memory budget. */
class CompactStorageTest {
  /** Ids whose UTF-8 byte order differs from String (UTF-16) order, plus an empty id. */
  private static final List<String> ODD_IDS =
      List.of(
          "",
          "a",
          "é",
          "ü-Ω",
          "東京/写真.jpg",
          "\uFF21",
          "\uD83D\uDE00",
          "\uD83D\uDE00\uD83D\uDE01",
          "z\u0000z",
          "x".repeat(256),
          "ζ".repeat(256));

  @Test
  void nonAsciiIdsRoundTripAndTieOrderMatchesStringOrder() {
    Hash256 same = Hash256.ofWords(42, 43, 44, 45);
    for (int threshold : new int[] {0, Integer.MAX_VALUE}) {
      HammingIndex index = new HammingIndex(threshold);
      Map<String, Hash256> entries = new LinkedHashMap<>();
      for (String id : ODD_IDS) {
        index.put(id, same);
        entries.put(id, same);
      }
      assertThat(index.size()).isEqualTo(ODD_IDS.size());
      // All at distance 0: order is by id, as String.compareTo orders them.
      assertThat(index.search(List.of(same), 100, 0))
          .isEqualTo(bruteForce(entries, List.of(same), 100, 0));
      assertThat(index.search(List.of(same), 3, 0))
          .isEqualTo(bruteForce(entries, List.of(same), 3, 0));
      for (String id : ODD_IDS) {
        assertThat(index.remove(id)).isTrue();
        assertThat(index.remove(id)).isFalse();
      }
      assertThat(index.size()).isZero();
    }
  }

  @Test
  void manyIdsWithTheSameHashAreOrderedById() {
    Random rnd = new Random(1);
    Hash256 h = random(rnd);
    HammingIndex index = new HammingIndex(0);
    Map<String, Hash256> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      String id = Integer.toString(rnd.nextInt(1_000_000), 36);
      entries.put(id, h);
      index.put(id, h);
    }
    for (int k : new int[] {1, 7, 1000, 6000}) {
      for (SearchPath path : SearchPath.values()) {
        assertThat(index.search(List.of(h), k, 5, path))
            .isEqualTo(bruteForce(entries, List.of(h), k, 5));
      }
    }
  }

  @Test
  void idsLongerThanTheArenaLimitAreRejected() {
    HammingIndex index = new HammingIndex();
    assertThatThrownBy(() -> index.put("é".repeat(40_000), Hash256.ofWords(1, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    index.put("é".repeat(30_000), Hash256.ofWords(1, 1, 1, 1)); // 60,000 bytes fits
    assertThat(index.search(List.of(Hash256.ofWords(1, 1, 1, 1)), 1, 0).get(0).id())
        .isEqualTo("é".repeat(30_000));
  }

  @Test
  void arenaCompactsWhenGarbageExceedsHalfAndKeepsEveryId() {
    Random rnd = new Random(3);
    HammingIndex index = new HammingIndex();
    Map<String, Hash256> entries = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String id = "img-" + i + "-ñ";
      Hash256 h = random(rnd);
      index.put(id, h);
      entries.put(id, h);
    }
    long live = index.footprint().idLiveBytes();
    int compactions = 0;
    long before = 0;
    for (int i = 0; i < 20_000; i += 2) { // delete every other id: garbage crosses half once
      index.remove("img-" + i + "-ñ");
      entries.remove("img-" + i + "-ñ");
      long garbage = index.arenaGarbageBytes();
      if (garbage < before) {
        compactions++;
      }
      before = garbage;
      assertThat(garbage).isLessThanOrEqualTo(index.footprint().idLiveBytes());
    }
    // Drop most of what is left: compaction runs again and again as garbage outgrows the live ids.
    for (int i = 1; i < 19_000; i += 2) {
      index.remove("img-" + i + "-ñ");
      entries.remove("img-" + i + "-ñ");
      long garbage = index.arenaGarbageBytes();
      if (garbage < before) {
        compactions++;
      }
      before = garbage;
    }
    assertThat(compactions).isGreaterThanOrEqualTo(2);
    assertThat(index.footprint().idLiveBytes()).isLessThan(live / 10);
    assertThat(index.footprint().idBytes()).isLessThan(live / 4); // chunks were given back
    for (Map.Entry<String, Hash256> e : entries.entrySet()) {
      assertThat(index.search(List.of(e.getValue()), 1, 0))
          .extracting(IndexMatch::id)
          .containsExactly(e.getKey());
    }
    // Re-adding after compaction works and replaces in place.
    index.put("img-0-ñ", Hash256.ofWords(7, 7, 7, 7));
    index.put("img-0-ñ", Hash256.ofWords(8, 8, 8, 8));
    assertThat(index.size()).isEqualTo(entries.size() + 1);
    assertThat(index.search(List.of(Hash256.ofWords(8, 8, 8, 8)), 1, 0))
        .extracting(IndexMatch::id)
        .containsExactly("img-0-ñ");
  }

  @Test
  void slotTableFollowsAHashMapUnderChurn() {
    IdArena arena = new IdArena();
    PagedInts refs = new PagedInts();
    SlotTable table = new SlotTable(arena, refs);
    Map<String, Integer> oracle = new HashMap<>();
    List<String> bySlot = new ArrayList<>();
    Random rnd = new Random(17);
    for (int step = 0; step < 200_000; step++) {
      String id = "k" + rnd.nextInt(20_000);
      byte[] key = IdArena.encode(id);
      int h = IdArena.hash(key);
      assertThat(table.find(key, h)).isEqualTo(oracle.getOrDefault(id, -1));
      if (rnd.nextBoolean() && !oracle.containsKey(id)) {
        int slot = bySlot.size();
        refs.set(slot, arena.add(key));
        table.insert(slot, h);
        bySlot.add(id);
        oracle.put(id, slot);
      } else if (oracle.containsKey(id)) {
        int slot = oracle.remove(id);
        table.delete(slot, h);
        int last = bySlot.size() - 1;
        if (slot != last) {
          String moved = bySlot.get(last);
          table.relabel(last, slot, arena.hash(refs.get(last)));
          refs.set(slot, refs.get(last));
          bySlot.set(slot, moved);
          oracle.put(moved, slot);
        }
        bySlot.remove(last);
      }
    }
    assertThat(table.count()).isEqualTo(oracle.size());
    for (Map.Entry<String, Integer> e : oracle.entrySet()) {
      byte[] key = IdArena.encode(e.getKey());
      assertThat(table.find(key, IdArena.hash(key))).isEqualTo(e.getValue());
    }
  }

  @Test
  void slotTableSegmentsFillToSevenEighthsAndStepByHalvesAndThirds() {
    IdArena arena = new IdArena();
    PagedInts refs = new PagedInts();
    SlotTable table = new SlotTable(arena, refs);
    int[] hashes = new int[100_000];
    for (int slot = 0; slot < hashes.length; slot++) {
      byte[] key = IdArena.encode("x" + slot);
      hashes[slot] = IdArena.hash(key);
      refs.set(slot, arena.add(key));
      table.insert(slot, hashes[slot]);
      int s = SlotTable.segment(hashes[slot]);
      int cap = table.segmentCapacity(s);
      int count = table.segmentCount(s);
      assertThat(count * 8L).isLessThanOrEqualTo(cap * 7L);
      if (cap > 16) {
        assertThat(count * 100L).as("load of segment %d at %d", s, slot).isGreaterThan(cap * 58L);
      }
      assertThat(
              cap == 16
                  || Integer.bitCount(cap) == 1
                  || Integer.bitCount(cap / 3) == 1 && cap % 3 == 0)
          .isTrue();
    }
    assertThat(table.count()).isEqualTo(hashes.length);
    // Each segment grows alone, so the largest (what one growth copies) is a small share of all.
    int largest = 0;
    for (int s = 0; s < SlotTable.SEGMENTS; s++) {
      largest = Math.max(largest, table.segmentCapacity(s));
    }
    assertThat(largest * 16L).isLessThan(table.capacity());
    for (int slot = 0; slot < hashes.length; slot++) {
      assertThat(table.find(IdArena.encode("x" + slot), hashes[slot])).isEqualTo(slot);
    }
    for (int slot = hashes.length - 1;
        slot >= 0;
        slot--) { // deleting from the end keeps slots dense
      table.delete(slot, hashes[slot]);
      int s = SlotTable.segment(hashes[slot]);
      assertThat(
              table.segmentCount(s) * 8L >= table.segmentCapacity(s)
                  || table.segmentCapacity(s) == 16)
          .isTrue();
    }
    assertThat(table.capacity()).isEqualTo(16L * SlotTable.SEGMENTS);
  }

  @Test
  void perEntryMemoryStaysWithinBudget() {
    // Structural check of the design (no timing, no GC): hashes cost 32 bytes per entry plus at
    // most one page, id bookkeeping (ref + table cell at load ≥ 0.58) at most 11 bytes plus a page
    // of refs, ids their UTF-8 bytes + 1.
    int n = 300_000;
    HammingIndex index = new HammingIndex(Integer.MAX_VALUE);
    Random rnd = new Random(2);
    long idPayload = 0;
    for (int i = 0; i < n; i++) {
      String id = "image-" + i;
      idPayload += id.length() + 1;
      index.put(id, random(rnd));
    }
    IndexFootprint fp = index.footprint();
    assertThat(fp.entries()).isEqualTo(n);
    assertThat(fp.hashBytes()).isLessThanOrEqualTo(32L * n + 32L * PackedHashes.PAGE_SLOTS);
    assertThat(fp.bookkeepingBytes()).isLessThanOrEqualTo(11L * n + (4 << 16));
    assertThat(fp.idLiveBytes()).isEqualTo(idPayload);
    assertThat(fp.idBytes()).isLessThanOrEqualTo(idPayload + (1 << 20));
    assertThat(fp.multiIndexBytes()).isZero();
    // Deleting most entries gives the memory back.
    for (int i = 0; i < n - 1000; i++) {
      index.remove("image-" + i);
    }
    IndexFootprint after = index.footprint();
    assertThat(after.hashBytes()).isLessThanOrEqualTo(2 * 32L * PackedHashes.PAGE_SLOTS);
    assertThat(after.bookkeepingBytes()).isLessThan(1 << 20);
    assertThat(after.idBytes()).isLessThanOrEqualTo(2L << 20);
  }

  @Test
  void multiIndexPacksAPostingInUnderTwoAndAHalfBytes() {
    int n = 500_000;
    HammingIndex index = new HammingIndex(0);
    Random rnd = new Random(4);
    index.reload(
        sink -> {
          for (int i = 0; i < n; i++) {
            sink.accept("i" + i, random(rnd));
          }
        });
    assertThat(index.multiIndexPostings()).isEqualTo(16L * n);
    // Rice-coded gaps ~17.6 bits, list headers and byte alignment ~1.8 more at 7.6 postings a
    // list; plus a fixed int offset per value and substring (4 MiB).
    long offsets = 16L * 65537 * 4;
    assertThat(index.footprint().multiIndexBytes() - offsets).isLessThanOrEqualTo(16L * n * 5 / 2);
    // Puts since go to per-value int lists until merged: ≤ an eighth of the base plus 4096 per
    // substring, each an int with up to half again as growth slack, plus their reference arrays.
    for (int i = n; i < n + 100_000; i++) {
      index.put("i" + i, random(rnd));
    }
    assertThat(index.multiIndexPostings()).isEqualTo(16L * (n + 100_000));
    long delta = 16L * ((n + 100_000) / 8 + 4096) * 4 * 2 + 16L * 65536 * 4 * 2;
    assertThat(index.footprint().multiIndexBytes() - offsets)
        .isLessThanOrEqualTo(16L * (n + 100_000) * 5 / 2 + delta);
  }
}
