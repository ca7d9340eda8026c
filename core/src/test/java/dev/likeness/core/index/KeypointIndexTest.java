package dev.likeness.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.keypoint.Keypoints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeypointIndexTest {
  // Small words so that random descriptors collide often and the vote counts are non-trivial.
  private final KeypointIndex index = new KeypointIndex(3, 6);

  @Test
  void votesAgreeWithABruteForceOracleThroughPutsRemovesAndCompactions() {
    Random r = new Random(11);
    Map<String, Keypoints> live = new LinkedHashMap<>();
    for (int step = 0; step < 400; step++) {
      String id = "img" + r.nextInt(120);
      if (r.nextInt(4) == 0) {
        assertThat(index.remove(id)).isEqualTo(live.remove(id) != null);
      } else {
        Keypoints k = random(r, 5 + r.nextInt(30));
        index.put(id, k);
        live.put(id, k);
      }
      if (step % 50 == 49) {
        Keypoints query = r.nextBoolean() ? random(r, 20) : live.values().iterator().next();
        assertThat(index.candidates(query, 1000, 1)).isEqualTo(oracle(live, query, 1));
        // Every cut through the vote ranking, ties at the cut broken by id as the oracle breaks
        // them.
        for (int max : new int[] {1, 2, 5, 20}) {
          for (int minVotes : new int[] {1, 2, 4}) {
            assertThat(index.candidates(query, max, minVotes))
                .as("max %d, minVotes %d", max, minVotes)
                .isEqualTo(top(oracle(live, query, minVotes), max));
          }
        }
      }
    }
    assertThat(index.size()).isEqualTo(live.size());
  }

  @Test
  void anImageVotesForItselfInEveryTable() {
    KeypointIndex big = new KeypointIndex();
    Random r = new Random(3);
    for (int i = 0; i < 200; i++) {
      big.put("img" + i, random(r, 100));
    }
    Keypoints mine = random(r, 100);
    big.put("mine", mine);

    List<KeypointIndex.Candidate> c = big.candidates(mine, 3, 10);

    // Random images share a 16-bit word with 100 query keypoints ~0.6 times on average, never 10.
    assertThat(c).containsExactly(new KeypointIndex.Candidate("mine", 100 * big.tables()));
  }

  @Test
  void aBulkReloadBuildsWhatPutsBuildAcrossChunks() {
    Random r = new Random(17);
    List<String> ids = new ArrayList<>();
    List<Keypoints> kps = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // A few ids come twice (the later one wins), some images have no keypoints, and some
      // have more postings than a chunk of 64 holds.
      ids.add("img" + (i % 290));
      kps.add(i % 37 == 0 ? null : random(r, i % 41 == 0 ? 40 : 1 + r.nextInt(12)));
    }
    KeypointIndex byPuts = new KeypointIndex(3, 6);
    for (int i = 0; i < ids.size(); i++) {
      if (kps.get(i) != null) {
        byPuts.put(ids.get(i), kps.get(i));
      }
    }
    index.put("stale", random(r, 5));
    for (int chunk : new int[] {64, 1 << 21}) {
      index.reload(
          load -> {
            for (int i = 0; i < ids.size(); i++) {
              if (kps.get(i) == null) {
                continue;
              }
              load.accept(ids.get(i), kps.get(i));
            }
          },
          chunk);
      assertThat(index.size()).as("chunk %d", chunk).isEqualTo(byPuts.size());
      assertThat(index.postings()).as("chunk %d", chunk).isEqualTo(byPuts.postings());
      for (int q = 0; q < 20; q++) {
        Keypoints query = q % 2 == 0 ? random(r, 15) : kps.get(1 + q);
        if (query == null) {
          continue;
        }
        assertThat(index.candidates(query, 1000, 1))
            .as("chunk %d, query %d", chunk, q)
            .isEqualTo(byPuts.candidates(query, 1000, 1));
      }
    }
  }

  @Test
  void clearForgetsEverything() {
    Random r = new Random(5);
    Keypoints k = random(r, 10);
    index.put("a", k);
    index.clear();
    assertThat(index.size()).isZero();
    assertThat(index.postings()).isZero();
    assertThat(index.candidates(k, 10, 1)).isEmpty();
    index.put("a", k);
    assertThat(index.candidates(k, 10, 1))
        .extracting(KeypointIndex.Candidate::id)
        .containsExactly("a");
  }

  /** For every image: per query keypoint and table, one vote if the image has that word there. */
  private List<KeypointIndex.Candidate> oracle(
      Map<String, Keypoints> live, Keypoints query, int minVotes) {
    List<KeypointIndex.Candidate> out = new ArrayList<>();
    for (var e : live.entrySet()) {
      int votes = 0;
      for (int t = 0; t < index.tables(); t++) {
        Set<Integer> words = new HashSet<>();
        for (int i = 0; i < e.getValue().count(); i++) {
          words.add(index.word(e.getValue(), i, t));
        }
        for (int i = 0; i < query.count(); i++) {
          if (words.contains(index.word(query, i, t))) {
            votes++;
          }
        }
      }
      if (votes >= minVotes) {
        out.add(new KeypointIndex.Candidate(e.getKey(), votes));
      }
    }
    out.sort(
        (a, b) ->
            a.votes() != b.votes()
                ? Integer.compare(b.votes(), a.votes())
                : a.id().compareTo(b.id()));
    return out;
  }

  private static List<KeypointIndex.Candidate> top(List<KeypointIndex.Candidate> all, int n) {
    return all.size() > n ? all.subList(0, n) : all;
  }

  static Keypoints random(Random r, int n) {
    long[] d = new long[Keypoints.WORDS * n];
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextLong();
    }
    return new Keypoints(512, 384, new float[n], new float[n], new float[n], new float[n], d);
  }
}
