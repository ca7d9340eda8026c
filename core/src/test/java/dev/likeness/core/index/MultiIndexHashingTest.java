package dev.likeness.core.index;

import static dev.likeness.core.index.HammingIndexTest.bruteForce;
import static dev.likeness.core.index.HammingIndexTest.flipBits;
import static dev.likeness.core.index.HammingIndexTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-index hashing must return exactly what a full scan (and the oracle) returns; here with 16
 * substrings, in {@link MultiIndexHashingFourteenTest} with 14.
 */
class MultiIndexHashingTest {

  /** The layout under test. */
  Substrings layout() {
    return Substrings.SIXTEEN;
  }

  /**
   * An index with the given multi-index threshold that uses {@link #layout()} from its first entry.
   */
  HammingIndex index(int multiIndexThreshold) {
    return new HammingIndex(
        multiIndexThreshold, layout() == Substrings.FOURTEEN ? 0 : Integer.MAX_VALUE);
  }

  private long postingsPerEntry() {
    return layout().count();
  }

  private long substrings() {
    return layout().count();
  }

  /** Half near a few centres (near duplicates, ties), half uniform. */
  static Map<String, Hash256> fill(HammingIndex index, int n, List<Hash256> centres, Random rnd) {
    Map<String, Hash256> entries = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Hash256 h =
          i % 2 == 0
              ? flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(40), rnd)
              : random(rnd);
      String id = "id-" + i;
      entries.put(id, h);
      index.put(id, h);
    }
    return entries;
  }

  static List<Hash256> centres(int n, Random rnd) {
    List<Hash256> centres = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      centres.add(random(rnd));
    }
    return centres;
  }

  /** Query forms: form 0 near a centre (or uniform), the others uniform or near other centres. */
  static List<Hash256> query(List<Hash256> centres, int forms, Random rnd) {
    List<Hash256> q = new ArrayList<>();
    for (int f = 0; f < forms; f++) {
      q.add(
          rnd.nextInt(3) == 0
              ? random(rnd)
              : flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(20), rnd));
    }
    return q;
  }

  static void assertAllPathsAgree(
      HammingIndex index, Map<String, Hash256> entries, List<Hash256> q, int k, int r) {
    List<IndexMatch> expected = bruteForce(entries, q, k, r);
    assertThat(index.search(q, k, r, SearchPath.BRUTE_FORCE))
        .as("brute k=%d r=%d", k, r)
        .isEqualTo(expected);
    List<IndexMatch> auto = index.search(q, k, r);
    if (r <= HammingIndex.DEFAULT_EXACT_RADIUS || index.autoPath(r) == SearchPath.BRUTE_FORCE) {
      assertThat(auto).as("auto k=%d r=%d", k, r).isEqualTo(expected);
    } else {
      // Past the exact radius the default search may miss entries, never invent or misplace one:
      // its answer is the best k of some of the entries within r, each at its exact distance.
      List<IndexMatch> within = bruteForce(entries, q, Math.max(1, entries.size()), r);
      assertThat(within).as("auto k=%d r=%d", k, r).containsAll(auto);
      assertThat(auto).hasSizeLessThanOrEqualTo(k).isSortedAccordingTo(IndexMatch::compare);
    }
    if (r <= HammingIndex.MULTI_INDEX_MAX_RADIUS && index.hasMultiIndex()) {
      assertThat(index.search(q, k, r, SearchPath.MULTI_INDEX))
          .as("mih k=%d r=%d", k, r)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({"0,1", "1,1", "2,8", "17,3", "500,8", "3000,1", "3000,8", "20000,8"})
  void agreesWithOracleAcrossRadiiAndK(int n, int forms) {
    Random rnd = new Random(n * 7919L + forms);
    HammingIndex index = index(0);
    List<Hash256> centres = centres(12, rnd);
    Map<String, Hash256> entries = fill(index, n, centres, rnd);
    assertThat(index.hasMultiIndex()).isTrue();
    int[] ks = {1, 2, 10, 100, 1000};
    for (int r = 0; r <= 64; r++) {
      for (int k : ks) {
        if ((r + k) % 3 == 0 || r <= 32 && k == 10) { // every radius, a spread of k per radius
          assertAllPathsAgree(index, entries, query(centres, forms, rnd), k, r);
        }
      }
    }
  }

  @Test
  void findsEntriesWhoseDifferingBitsAreSpreadOverAllSubstrings() {
    // The pigeonhole's worst case: r bits spread as evenly as possible over the m substrings, so
    // only the substrings with the fewest differing bits can reveal the entry.
    Substrings layout = layout();
    int m = layout.count();
    int[] start = new int[m];
    for (int t = 1; t < m; t++) {
      start[t] = start[t - 1] + layout.width(t - 1);
    }
    Random rnd = new Random(11);
    for (int r = 0; r <= HammingIndex.MULTI_INDEX_MAX_RADIUS; r++) {
      HammingIndex index = index(0);
      assertThat(index.multiIndexSubstrings()).isEqualTo(m);
      Map<String, Hash256> entries = new LinkedHashMap<>();
      Hash256 query = random(rnd);
      for (int e = 0; e < 40; e++) {
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < m; t++) {
          order.add(t);
        }
        Collections.shuffle(order, rnd);
        long[] w = {query.word(0), query.word(1), query.word(2), query.word(3)};
        int d = e % 2 == 0 ? r : r + 1; // at the radius and just past it
        for (int i = 0; i < m; i++) {
          int t = order.get(i);
          int bits = d / m + (i < d % m ? 1 : 0);
          List<Integer> pos = new ArrayList<>();
          for (int b = 0; b < layout.width(t); b++) {
            pos.add(b);
          }
          Collections.shuffle(pos, rnd);
          for (int b = 0; b < bits; b++) {
            int bit = start[t] + pos.get(b);
            w[bit >>> 6] ^= 1L << (bit & 63);
          }
        }
        Hash256 h = Hash256.ofWords(w);
        assertThat(h.distance(query)).isEqualTo(d);
        entries.put("e" + e, h);
        index.put("e" + e, h);
      }
      List<IndexMatch> hits = index.search(List.of(query), 100, r, SearchPath.MULTI_INDEX);
      assertThat(hits).hasSize(20).isEqualTo(bruteForce(entries, List.of(query), 100, r));
    }
  }

  @Test
  void defaultSearchPastTheExactRadiusFindsNearCopiesAndNotTheSpreadWorstCase() {
    // Past DEFAULT_EXACT_RADIUS the lists are probed as for it. An edited copy leaves some
    // substring almost intact (here: changed as much as its probes reach): found. Bits spread so
    // that every substring differs by more than its
    // probes (the pigeonhole's worst case, which real copies do not take) are left to MULTI_INDEX.
    Substrings layout = layout();
    int m = layout.count();
    int exact = HammingIndex.DEFAULT_EXACT_RADIUS;
    int[] start = new int[m];
    int[] probe = new int[m]; // probe radius of each substring at the exact radius
    for (int t = 0; t < m; t++) {
      start[t] = t == 0 ? 0 : start[t - 1] + layout.width(t - 1);
      probe[t] = t <= exact % m ? exact / m : exact / m - 1;
    }
    Random rnd = new Random(48);
    for (int r = exact + 1; r <= HammingIndex.MULTI_INDEX_MAX_RADIUS; r++) {
      HammingIndex index = index(0);
      Map<String, Hash256> entries = new LinkedHashMap<>();
      Hash256 query = random(rnd);
      for (int e = 0; e < 20; e++) {
        int[] bits = new int[m];
        boolean near = e % 2 == 0;
        int intact = rnd.nextInt(m);
        int placed = 0;
        if (near) { // one substring at the edge of its probes, the others take the rest
          bits[intact] = probe[intact];
          placed = probe[intact];
        } else { // every substring one bit past its probes
          for (int t = 0; t < m; t++) {
            bits[t] = probe[t] + 1;
            placed += bits[t];
          }
        }
        while (placed < r) {
          int t = rnd.nextInt(m);
          if ((!near || t != intact) && bits[t] < layout.width(t)) {
            bits[t]++;
            placed++;
          }
        }
        long[] w = {query.word(0), query.word(1), query.word(2), query.word(3)};
        for (int t = 0; t < m; t++) {
          List<Integer> pos = new ArrayList<>();
          for (int b = 0; b < layout.width(t); b++) {
            pos.add(b);
          }
          Collections.shuffle(pos, rnd);
          for (int b = 0; b < bits[t]; b++) {
            int bit = start[t] + pos.get(b);
            w[bit >>> 6] ^= 1L << (bit & 63);
          }
        }
        Hash256 h = Hash256.ofWords(w);
        assertThat(h.distance(query)).isEqualTo(r);
        String id = (near ? "near-" : "spread-") + e;
        entries.put(id, h);
        index.put(id, h);
      }
      List<Hash256> q = List.of(query);
      assertThat(index.autoPath(r)).isEqualTo(SearchPath.MULTI_INDEX);
      assertThat(index.search(q, 100, r))
          .as("r=%d", r)
          .extracting(IndexMatch::id)
          .containsExactlyInAnyOrder(
              entries.keySet().stream()
                  .filter(id -> id.startsWith("near-"))
                  .toArray(String[]::new));
      assertThat(index.search(q, 100, r, SearchPath.MULTI_INDEX))
          .isEqualTo(bruteForce(entries, q, 100, r))
          .hasSize(20);
      HammingIndex exactIndex =
          new HammingIndex(
              0,
              layout == Substrings.FOURTEEN ? 0 : Integer.MAX_VALUE,
              HammingIndex.MULTI_INDEX_MAX_RADIUS);
      entries.forEach(exactIndex::put);
      assertThat(exactIndex.search(q, 100, r)).isEqualTo(bruteForce(entries, q, 100, r));
    }
  }

  @Test
  void largeIndexTakesTheMultiIndexPathAndAgrees() {
    Random rnd = new Random(200_000);
    HammingIndex index = index(100_000);
    List<Hash256> centres = centres(50, rnd);
    Map<String, Hash256> entries = fill(index, 99_999, centres, rnd);
    assertThat(index.hasMultiIndex()).isFalse();
    entries.putAll(fillFrom(index, 99_999, 220_000, centres, rnd));
    assertThat(index.hasMultiIndex()).isTrue();
    assertThat(index.multiIndexPostings()).isEqualTo(postingsPerEntry() * entries.size());
    for (int i = 0; i < 12; i++) {
      List<Hash256> q = query(centres, 1 + rnd.nextInt(8), rnd);
      int r = new int[] {0, 8, 16, 24, 31, 32, 48}[i % 7];
      assertAllPathsAgree(index, entries, q, new int[] {1, 10, 1000}[i % 3], r);
    }
    // Churn on the large index: replace, remove, re-add; lists must follow every move.
    for (int step = 0; step < 30_000; step++) {
      String id = "id-" + rnd.nextInt(240_000);
      int op = rnd.nextInt(3);
      if (op == 0) {
        assertThat(index.remove(id)).isEqualTo(entries.remove(id) != null);
      } else {
        Hash256 h = flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(32), rnd);
        entries.put(id, h);
        index.put(id, h);
      }
    }
    assertThat(index.size()).isEqualTo(entries.size());
    assertThat(index.multiIndexPostings()).isEqualTo(postingsPerEntry() * entries.size());
    for (int i = 0; i < 8; i++) {
      assertAllPathsAgree(index, entries, query(centres, 8, rnd), 10, 31);
    }
  }

  static Map<String, Hash256> fillFrom(
      HammingIndex index, int from, int to, List<Hash256> centres, Random rnd) {
    Map<String, Hash256> entries = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      Hash256 h =
          i % 2 == 0
              ? flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(40), rnd)
              : random(rnd);
      entries.put("id-" + i, h);
      index.put("id-" + i, h);
    }
    return entries;
  }

  @Test
  void churnKeepsEveryPathExact() {
    Random rnd = new Random(5);
    HammingIndex index = index(0);
    Map<String, Hash256> entries = new LinkedHashMap<>();
    List<Hash256> centres = centres(6, rnd);
    for (int step = 0; step < 40_000; step++) {
      String id = "id-" + rnd.nextInt(4000);
      int op = rnd.nextInt(4);
      if (op == 0) {
        assertThat(index.remove(id)).isEqualTo(entries.remove(id) != null);
      } else {
        Hash256 h =
            op == 1
                ? random(rnd)
                : flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(30), rnd);
        entries.put(id, h);
        index.put(id, h);
      }
      if (step % 2000 == 0) {
        assertThat(index.multiIndexPostings()).isEqualTo(postingsPerEntry() * entries.size());
        assertAllPathsAgree(
            index,
            entries,
            query(centres, 1 + rnd.nextInt(8), rnd),
            1 + rnd.nextInt(50),
            rnd.nextInt(40));
      }
    }
    assertThat(index.size()).isEqualTo(entries.size());
    for (int r : new int[] {0, 1, 15, 16, 17, 31}) {
      assertAllPathsAgree(index, entries, query(centres, 8, rnd), 1000, r);
    }
  }

  @Test
  void multiIndexIsBuiltPastTheThresholdAndDroppedBelowHalf() {
    Random rnd = new Random(9);
    HammingIndex index = index(1000);
    Map<String, Hash256> entries = new LinkedHashMap<>();
    List<Hash256> centres = centres(4, rnd);
    entries.putAll(fillFrom(index, 0, 999, centres, rnd));
    assertThat(index.hasMultiIndex()).isFalse();
    assertThatThrownBy(() -> index.search(List.of(random(rnd)), 1, 10, SearchPath.MULTI_INDEX))
        .isInstanceOf(IllegalStateException.class);
    entries.putAll(fillFrom(index, 999, 1000, centres, rnd));
    assertThat(index.hasMultiIndex()).isTrue();
    assertAllPathsAgree(index, entries, query(centres, 8, rnd), 20, 31);
    assertAllPathsAgree(
        index, entries, query(centres, 8, rnd), 20, HammingIndex.MULTI_INDEX_MAX_RADIUS);
    assertThatThrownBy(
            () ->
                index.search(
                    List.of(random(rnd)),
                    1,
                    HammingIndex.MULTI_INDEX_MAX_RADIUS + 1,
                    SearchPath.MULTI_INDEX))
        .isInstanceOf(IllegalStateException.class);
    for (int i = 0; i < 501; i++) {
      index.remove("id-" + i);
      entries.remove("id-" + i);
    }
    assertThat(index.hasMultiIndex()).isFalse();
    assertAllPathsAgree(index, entries, query(centres, 8, rnd), 20, 31);
    entries.putAll(fillFrom(index, 2000, 2600, centres, rnd));
    assertThat(index.hasMultiIndex()).isTrue();
    assertThat(index.multiIndexPostings()).isEqualTo(postingsPerEntry() * entries.size());
    assertAllPathsAgree(index, entries, query(centres, 8, rnd), 20, 31);
    index.clear();
    assertThat(index.hasMultiIndex()).isFalse();
    assertThat(index.search(List.of(random(rnd)), 5, 256)).isEmpty();
  }

  @Test
  void tiesBetweenFormsGoToTheLowestForm() {
    Random rnd = new Random(21);
    HammingIndex index = index(0);
    Hash256 stored = random(rnd);
    index.put("a", stored);
    Hash256 near = flipBits(stored, 4, rnd);
    List<Hash256> forms =
        List.of(random(rnd), random(rnd), near, random(rnd), near, near, random(rnd), near);
    for (SearchPath path : SearchPath.values()) {
      assertThat(index.search(forms, 1, 31, path))
          .containsExactly(new IndexMatch("a", 4, Dihedral.ROTATE_180));
    }
    for (int n = 1; n <= 8; n++) { // also through the one-form fast path and every form count
      List<Hash256> same = Collections.nCopies(n, near);
      assertThat(index.search(same, 1, 31, SearchPath.BRUTE_FORCE))
          .isEqualTo(index.search(same, 1, 31, SearchPath.MULTI_INDEX))
          .containsExactly(new IndexMatch("a", 4, Dihedral.ORIGINAL));
    }
  }

  @Test
  void repeatedQueryFormsAreScoredOnceAndAgreeWithTheOracle() {
    // Imported hashes carry eight copies of one hash; symmetric images repeat some forms. The
    // index scores each distinct form once, which must not change distances, forms or order.
    Random rnd = new Random(33);
    HammingIndex index = index(0);
    List<Hash256> centres = centres(6, rnd);
    Map<String, Hash256> entries = fill(index, 4000, centres, rnd);
    for (int i = 0; i < 60; i++) {
      List<Hash256> pool = query(centres, 3, rnd);
      List<Hash256> forms = new ArrayList<>();
      for (int f = 0; f < 8; f++) {
        forms.add(pool.get(rnd.nextInt(pool.size())));
      }
      assertAllPathsAgree(index, entries, forms, 1 + rnd.nextInt(20), rnd.nextInt(40));
      assertAllPathsAgree(index, entries, Collections.nCopies(8, pool.get(0)), 10, 31);
    }
  }

  @Test
  void reloadReplacesEverythingAndBuildsTheListsOnceAcrossTheThreshold() {
    Random rnd = new Random(44);
    List<Hash256> centres = centres(8, rnd);
    HammingIndex index = index(3000);
    Map<String, Hash256> old = fill(index, 500, centres, rnd);
    Map<String, Hash256> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      entries.put(
          "r-" + i,
          i % 2 == 0
              ? flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(40), rnd)
              : random(rnd));
    }
    entries.put("r-7", entries.get("r-8")); // a duplicate hash
    index.reload(sink -> entries.forEach(sink));
    assertThat(index.size()).isEqualTo(entries.size());
    assertThat(index.hasMultiIndex()).isTrue();
    assertThat(index.multiIndexPostings()).isEqualTo(postingsPerEntry() * entries.size());
    for (String id : old.keySet()) {
      assertThat(index.remove(id)).as("old entries are gone").isFalse();
    }
    for (int i = 0; i < 30; i++) {
      assertAllPathsAgree(index, entries, query(centres, 8, rnd), 10, rnd.nextInt(40));
    }
    // Below the threshold a reload leaves the index on the scan, and puts still cross it later.
    HammingIndex small = index(3000);
    Map<String, Hash256> few = new LinkedHashMap<>();
    for (int i = 0; i < 2999; i++) {
      few.put("s-" + i, random(rnd));
    }
    small.reload(sink -> few.forEach(sink));
    assertThat(small.hasMultiIndex()).isFalse();
    small.put("s-last", random(rnd));
    assertThat(small.hasMultiIndex()).isTrue();
  }

  @Test
  void readersSearchWhileOneWriterChurns() throws Exception {
    // One writer (the stream thread), several readers (HTTP workers): readers must never fail or
    // see a half-applied update; every answer is well-formed, and the final state is exact.
    Random rnd = new Random(77);
    HammingIndex index = index(1600); // crosses the threshold both ways while readers run
    List<Hash256> centres = centres(5, rnd);
    Map<String, Hash256> entries = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      long seed = r;
      Thread t =
          new Thread(
              () -> {
                Random qr = new Random(seed);
                try {
                  while (!done.get()) {
                    List<Hash256> q = query(centres, 1 + qr.nextInt(8), qr);
                    SearchPath path = qr.nextBoolean() ? SearchPath.AUTO : SearchPath.BRUTE_FORCE;
                    List<IndexMatch> hits =
                        index.search(q, 1 + qr.nextInt(20), qr.nextInt(40), path);
                    for (int i = 1; i < hits.size(); i++) {
                      assertThat(IndexMatch.compare(hits.get(i - 1), hits.get(i))).isNegative();
                    }
                    for (IndexMatch m : hits) {
                      assertThat(m.id()).startsWith("id-");
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      t.start();
      readers.add(t);
    }
    boolean built = false;
    for (int step = 0; step < 30_000; step++) {
      built |= index.hasMultiIndex();
      String id = "id-" + rnd.nextInt(3000);
      if (step > 20_000 ? rnd.nextInt(4) != 0 : rnd.nextInt(3) == 0) { // later mostly deletes
        assertThat(index.remove(id)).isEqualTo(entries.remove(id) != null);
      } else {
        Hash256 h = flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(32), rnd);
        entries.put(id, h);
        index.put(id, h);
      }
    }
    done.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(built).isTrue();
    assertThat(index.hasMultiIndex()).isFalse();
    Map<String, Hash256> ordered = new LinkedHashMap<>(entries);
    assertAllPathsAgree(index, ordered, query(centres, 8, rnd), 100, 31);
  }

  @Test
  void hashChangesThatKeepMostSubstringsAreMergedWithoutDuplicates() {
    // A one-bit change keeps all substrings but one: the slot is then a hole in the packed base and
    // a
    // delta posting under the same value, and the merge must keep exactly one of the two.
    Random rnd = new Random(61);
    List<Hash256> centres = centres(10, rnd);
    Map<String, Hash256> entries = fill(index(Integer.MAX_VALUE), 6000, centres, rnd);
    HammingIndex index = packed(entries);
    long mostPending = 0;
    for (Map.Entry<String, Hash256> e : entries.entrySet()) {
      e.setValue(flipBits(e.getValue(), 1, rnd));
      index.put(e.getKey(), e.getValue());
      mostPending = Math.max(mostPending, index.multiIndexPending());
    }
    // 6000 changes put up to 12,000 postings and holes on each substring; below the smallest
    // merge budget (2048 per substring), a change adds at most two to each.
    assertThat(mostPending).isLessThanOrEqualTo(substrings() * (2048L + 2));
    assertThat(index.multiIndexPending()).isLessThan(16L * 2 * 6000);
    assertRandomQueriesAgree(index, entries, centres, rnd);
  }

  /** A multi-index over {@code entries}, bulk-loaded: packed lists and nothing pending. */
  private HammingIndex packed(Map<String, Hash256> entries) {
    HammingIndex index = index(0);
    index.reload(sink -> entries.forEach(sink));
    assertThat(index.multiIndexPending()).isZero();
    return index;
  }

  /** Postings match the entries, and every path agrees with the oracle on a mix of queries. */
  private void assertRandomQueriesAgree(
      HammingIndex index, Map<String, Hash256> entries, List<Hash256> centres, Random rnd) {
    assertThat(index.multiIndexPostings()).isEqualTo(postingsPerEntry() * entries.size());
    for (int i = 0; i < 12; i++) {
      assertAllPathsAgree(
          index,
          entries,
          query(centres, 1 + rnd.nextInt(8), rnd),
          1 + rnd.nextInt(100),
          rnd.nextInt(40));
    }
  }

  @Test
  void removalsPunchHolesThatMergesDropAndAReloadStartsClean() {
    Random rnd = new Random(62);
    List<Hash256> centres = centres(10, rnd);
    Map<String, Hash256> entries = fill(index(Integer.MAX_VALUE), 30_000, centres, rnd);
    HammingIndex index = packed(entries);
    List<String> ids = new ArrayList<>(entries.keySet());
    Collections.shuffle(ids, rnd);
    boolean merged = false;
    long pendingBefore = 0;
    for (int i = 0; i < 24_000; i++) { // mostly from the middle: each moves the last slot too
      assertThat(index.remove(ids.get(i))).isTrue();
      entries.remove(ids.get(i));
      long pending = index.multiIndexPending();
      merged |= pending < pendingBefore;
      pendingBefore = pending;
      if (i % 4000 == 0) {
        assertAllPathsAgree(index, entries, query(centres, 8, rnd), 50, 31);
      }
    }
    assertThat(merged).isTrue();
    // A removal adds at most three postings or holes to a substring, checked after each change.
    assertThat(index.multiIndexPending()).isLessThanOrEqualTo(substrings() * (2048L + 3));
    assertRandomQueriesAgree(index, entries, centres, rnd);
    index.reload(sink -> entries.forEach(sink));
    assertThat(index.multiIndexPending()).isZero();
    assertRandomQueriesAgree(index, entries, centres, rnd);
  }

  /**
   * The merge budget is a sixteenth of the bases for all substrings together, and merges take
   * turns: each substring's own delta reaches about twice its share before its merge. Merging every
   * substring at an eighth of its base would let them all hold that much at once.
   */
  @Test
  void mergesTakeTurnsWithinOneBudgetForAllSubstrings() {
    Random rnd = new Random(63);
    List<Hash256> centres = centres(10, rnd);
    Map<String, Hash256> entries = fill(index(Integer.MAX_VALUE), 80_000, centres, rnd);
    HammingIndex index = packed(entries);
    long mostPending = 0;
    long mostOwn = 0;
    long slack = 0; // the most pending above the budget after a change
    for (int i = 0; i < 60_000; i++) {
      Hash256 h =
          i % 2 == 0
              ? flipBits(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(40), rnd)
              : random(rnd);
      String id = "added-" + i;
      index.put(id, h);
      entries.put(id, h);
      long pending = index.multiIndexPending();
      mostPending = Math.max(mostPending, pending);
      mostOwn = Math.max(mostOwn, index.multiIndexLargestPending());
      slack = Math.max(slack, pending - index.multiIndexBasePostings() / 16);
    }
    long share = 80_000L / 16; // one substring's share of the budget at the start
    assertThat(slack)
        .as("pending beyond a sixteenth of the bases")
        .isLessThanOrEqualTo(substrings());
    assertThat(mostOwn).as("one substring's delta before its turn").isGreaterThan(share * 3 / 2);
    assertThat(mostPending).isLessThan(substrings() * mostOwn * 3 / 4);
    assertRandomQueriesAgree(index, entries, centres, rnd);
  }

  @Test
  void emptyIndexAnswersNothingOnEveryPath() {
    HammingIndex index = index(0);
    Hash256 q = Hash256.ofWords(1, 2, 3, 4);
    for (SearchPath path : SearchPath.values()) {
      assertThat(index.search(List.of(q), 10, 31, path)).isEmpty();
    }
    assertThat(index.search(List.of(q), 10, -1)).isEmpty();
  }
}
