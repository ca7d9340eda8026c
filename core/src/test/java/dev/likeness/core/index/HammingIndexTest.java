package dev.likeness.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HammingIndexTest {

  /** The oracle: every entry scored against every form, sorted, cut. */
  static List<IndexMatch> bruteForce(
      Map<String, Hash256> entries, List<Hash256> forms, int k, int max) {
    List<IndexMatch> all = new ArrayList<>();
    for (Map.Entry<String, Hash256> e : entries.entrySet()) {
      int best = Integer.MAX_VALUE;
      int bestForm = 0;
      for (int f = 0; f < forms.size(); f++) {
        int d = e.getValue().distance(forms.get(f));
        if (d < best) {
          best = d;
          bestForm = f;
        }
      }
      if (best <= max) {
        all.add(new IndexMatch(e.getKey(), best, Dihedral.values()[bestForm]));
      }
    }
    all.sort(Comparator.comparingInt(IndexMatch::distance).thenComparing(IndexMatch::id));
    return all.subList(0, Math.min(k, all.size()));
  }

  static Hash256 random(Random rnd) {
    return Hash256.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
  }

  static Hash256 flipBits(Hash256 h, int bits, Random rnd) {
    long[] w = {h.word(0), h.word(1), h.word(2), h.word(3)};
    Set<Integer> chosen = new HashSet<>();
    while (chosen.size() < bits) {
      chosen.add(rnd.nextInt(256));
    }
    for (int b : chosen) {
      w[b >>> 6] ^= 1L << (b & 63);
    }
    return Hash256.ofWords(w);
  }

  @ParameterizedTest
  @CsvSource({
    "1,0,10,31",
    "50,1,5,31",
    "2000,8,10,31",
    "2000,8,1000,256",
    "5000,3,1,40",
    "300,8,7,0"
  })
  void agreesWithBruteForceOracle(int n, int forms, int k, int maxDistance) {
    Random rnd = new Random(n * 31L + forms);
    Map<String, Hash256> entries = new LinkedHashMap<>();
    HammingIndex index = new HammingIndex();
    List<Hash256> centres = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      centres.add(random(rnd));
    }
    for (int i = 0; i < n; i++) {
      // Half clustered near a few centres so many fall under the threshold, with ties.
      Hash256 h =
          i % 2 == 0
              ? flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(40), rnd)
              : random(rnd);
      entries.put("id-" + i, h);
      index.put("id-" + i, h);
    }
    for (int q = 0; q < 20; q++) {
      List<Hash256> queryForms = new ArrayList<>();
      for (int f = 0; f < Math.max(1, forms); f++) {
        queryForms.add(f == 0 ? flipBits(centres.get(q % centres.size()), 5, rnd) : random(rnd));
      }
      assertThat(index.search(queryForms, k, maxDistance))
          .isEqualTo(bruteForce(entries, queryForms, k, maxDistance));
    }
  }

  @Test
  void putReplacesAndRemoveDeletesUnderChurn() {
    Random rnd = new Random(7);
    Map<String, Hash256> entries = new LinkedHashMap<>();
    HammingIndex index = new HammingIndex();
    for (int step = 0; step < 20_000; step++) {
      String id = "id-" + rnd.nextInt(3000);
      if (rnd.nextInt(3) == 0) {
        assertThat(index.remove(id)).isEqualTo(entries.remove(id) != null);
      } else {
        Hash256 h = random(rnd);
        entries.put(id, h);
        index.put(id, h);
      }
    }
    assertThat(index.size()).isEqualTo(entries.size());
    for (Map.Entry<String, Hash256> e : entries.entrySet()) {
      List<IndexMatch> hit = index.search(List.of(e.getValue()), 1, 0);
      assertThat(hit).extracting(IndexMatch::id).containsExactly(e.getKey());
    }
    Hash256 query = random(rnd);
    assertThat(index.search(List.of(query), 50, 256))
        .isEqualTo(bruteForce(entries, List.of(query), 50, 256));
  }

  @Test
  void reportsWhichDihedralFormMatched() {
    Random rnd = new Random(3);
    Hash256 stored = random(rnd);
    HammingIndex index = new HammingIndex();
    index.put("a", stored);
    List<Hash256> forms = new ArrayList<>();
    for (int f = 0; f < 8; f++) {
      forms.add(f == 5 ? flipBits(stored, 3, rnd) : random(rnd));
    }
    assertThat(index.search(forms, 10, 31))
        .containsExactly(new IndexMatch("a", 3, Dihedral.FLIP_Y));
  }

  @Test
  void clearEmptiesAndRejectsBadQueries() {
    HammingIndex index = new HammingIndex();
    index.put("a", Hash256.ofWords(1, 2, 3, 4));
    index.clear();
    assertThat(index.size()).isZero();
    assertThat(index.search(List.of(Hash256.ofWords(1, 2, 3, 4)), 5, 256)).isEmpty();
    assertThatThrownBy(() -> index.search(List.of(), 5, 31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopK(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void growingPastTheFewerSubstringsSizeRebuildsTheListsOnceAndStaysExact() {
    Random rnd = new Random(5);
    HammingIndex index = new HammingIndex(1000, 3000);
    List<Hash256> centres = MultiIndexHashingTest.centres(8, rnd);
    Map<String, Hash256> entries = MultiIndexHashingTest.fill(index, 2999, centres, rnd);
    assertThat(index.multiIndexSubstrings()).isEqualTo(16);
    for (int i = 0; i < 20; i++) {
      MultiIndexHashingTest.assertAllPathsAgree(
          index, entries, MultiIndexHashingTest.query(centres, 8, rnd), 10, 31);
    }
    // Probed as for radius 31, the 16 narrow substrings answer up to 48; probed for the whole 48
    // they would cost more than the scan, so an index exact to 48 scans.
    assertThat(index.autoPath(31)).isEqualTo(SearchPath.MULTI_INDEX);
    assertThat(index.autoPath(48)).isEqualTo(SearchPath.MULTI_INDEX);
    HammingIndex exact = new HammingIndex(1000, 3000, HammingIndex.MULTI_INDEX_MAX_RADIUS);
    entries.forEach(exact::put);
    assertThat(exact.autoPath(31)).isEqualTo(SearchPath.MULTI_INDEX);
    assertThat(exact.autoPath(48)).isEqualTo(SearchPath.BRUTE_FORCE);
    Hash256 h = random(rnd);
    index.put("the-3000th", h);
    entries.put("the-3000th", h);
    assertThat(index.multiIndexSubstrings()).isEqualTo(14);
    assertThat(index.search(List.of(h), 1, 0))
        .extracting(IndexMatch::id)
        .containsExactly("the-3000th");
    for (int i = 0; i < 20; i++) {
      MultiIndexHashingTest.assertAllPathsAgree(
          index, entries, MultiIndexHashingTest.query(centres, 8, rnd), 10, 31);
      MultiIndexHashingTest.assertAllPathsAgree(
          index, entries, MultiIndexHashingTest.query(centres, 8, rnd), 10, 48);
    }
    // With the 14 wide ones the lists answer up to the matcher's default threshold, and no further.
    assertThat(index.autoPath(48)).isEqualTo(SearchPath.MULTI_INDEX);
    assertThat(index.autoPath(49)).isEqualTo(SearchPath.BRUTE_FORCE);
    // Shrinking below the size again keeps the wider layout: no rebuild back and forth.
    for (int i = 0; i < 10; i++) {
      index.remove("id-" + i);
      entries.remove("id-" + i);
      index.put("back-" + i, h);
      entries.put("back-" + i, h);
      index.remove("back-" + i);
      entries.remove("back-" + i);
    }
    assertThat(index.size()).isEqualTo(2990);
    assertThat(index.multiIndexSubstrings()).isEqualTo(14);
    for (int i = 0; i < 20; i++) {
      MultiIndexHashingTest.assertAllPathsAgree(
          index, entries, MultiIndexHashingTest.query(centres, 8, rnd), 10, 31);
    }
  }
}
