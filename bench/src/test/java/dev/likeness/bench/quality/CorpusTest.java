package dev.likeness.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.bench.quality.Corpus.Group;
import dev.likeness.bench.quality.Corpus.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
  private static final Path ROOT = Path.of("photos");

  /** 30 singles, a burst of 3, a stereo pair, and the same picture twice. */
  private static final List<String> IDS = new ArrayList<>();

  private static final Map<String, Group> GROUPS = new HashMap<>();

  static {
    IntStream.range(0, 30).forEach(i -> IDS.add(String.format("single-%02d.jpg", i)));
    for (String id : List.of("burst-1.jpg", "burst-2.jpg", "burst-3.jpg")) {
      IDS.add(id);
      GROUPS.put(id, new Group("burst", Relation.NEAR));
    }
    for (String id : List.of("stereo-l.jpg", "stereo-r.jpg")) {
      IDS.add(id);
      GROUPS.put(id, new Group("stereo", Relation.NEAR));
    }
    for (String id : List.of("copy-a.jpg", "copy-b.jpg")) {
      IDS.add(id);
      GROUPS.put(id, new Group("same-picture", Relation.COPY));
    }
  }

  @Test
  void withoutGroupsHoldsOutTheShareAndIsSeeded() {
    Corpus a = Corpus.split(ROOT, IDS, 1.0 / 3, 42, 0);
    Corpus b = Corpus.split(ROOT, IDS, 1.0 / 3, 42, 0);
    Corpus c = Corpus.split(ROOT, IDS, 1.0 / 3, 43, 0);

    assertThat(a.distractors()).hasSize(12);
    assertThat(a.indexed()).hasSize(25);
    assertThat(union(a)).containsExactlyInAnyOrderElementsOf(IDS);
    assertThat(a).isEqualTo(b);
    assertThat(c.distractors()).isNotEqualTo(a.distractors());
  }

  @Test
  void nearIdenticalGroupsStraddleTheSplitWithASeededIndexedMember() {
    Set<String> indexedBurstMembers = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      Corpus corpus = Corpus.split(ROOT, IDS, GROUPS, 1.0 / 3, seed, 0);

      assertThat(members(corpus.indexed(), "burst-")).hasSize(1);
      assertThat(members(corpus.distractors(), "burst-")).hasSize(2);
      assertThat(members(corpus.indexed(), "stereo-")).hasSize(1);
      assertThat(members(corpus.distractors(), "stereo-")).hasSize(1);
      assertThat(corpus.distractors()).hasSize(12);
      assertThat(union(corpus)).containsExactlyInAnyOrderElementsOf(IDS);
      indexedBurstMembers.addAll(members(corpus.indexed(), "burst-"));
    }
    assertThat(indexedBurstMembers)
        .as("the seed picks which frame is indexed")
        .hasSizeGreaterThan(1);
  }

  @Test
  void copyGroupsNeverStraddle() {
    int heldOut = 0;
    for (long seed = 0; seed < 50; seed++) {
      Corpus corpus = Corpus.split(ROOT, IDS, GROUPS, 1.0 / 3, seed, 0);
      List<String> held = members(corpus.distractors(), "copy-");
      assertThat(held)
          .as("seed %d", seed)
          .satisfiesAnyOf(h -> assertThat(h).isEmpty(), h -> assertThat(h).hasSize(2));
      heldOut += held.isEmpty() ? 0 : 1;
    }
    assertThat(heldOut).as("both sides occur").isBetween(1, 49);
  }

  @Test
  void noShareMeansNothingHeldOutEvenForGroups() {
    Corpus corpus = Corpus.split(ROOT, IDS, GROUPS, 0, 7, 0);

    assertThat(corpus.distractors()).isEmpty();
    assertThat(corpus.indexed()).containsExactlyInAnyOrderElementsOf(IDS);
  }

  @Test
  void limitKeepsWholeGroupsAndStaysUnderIt() {
    for (long seed = 0; seed < 20; seed++) {
      Corpus corpus = Corpus.split(ROOT, IDS, GROUPS, 1.0 / 3, seed, 10);
      List<String> all = union(corpus);
      assertThat(all).hasSizeLessThanOrEqualTo(10).hasSizeGreaterThanOrEqualTo(8);
      int bursts = members(all, "burst-").size();
      assertThat(bursts).isIn(0, 3);
    }
  }

  @Test
  void loadReadsTheGroupsFileBesideThePhotos(@TempDir Path dir) throws IOException {
    for (String id : List.of("a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg", "sub/g.png")) {
      Files.createDirectories(dir.resolve(id).getParent());
      Files.write(dir.resolve(id), new byte[] {1});
    }
    Files.writeString(dir.resolve("notes.txt"), "not an image");
    Files.writeString(
        dir.resolve(Corpus.GROUPS_FILE),
        "file\tgroup\trelation\na.jpg\tx\tnear\nb.jpg\tx\tnear\n" + "c.jpg\tx\n");

    Corpus corpus = Corpus.load(dir, 0.5, 1, 0);

    assertThat(union(corpus))
        .containsExactlyInAnyOrder(
            "a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg", "sub/g.png");
    assertThat(members(corpus.indexed(), ""))
        .filteredOn(id -> id.matches("[abc]\\.jpg"))
        .hasSize(1);
    assertThat(corpus.distractors()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void rejectsAMalformedGroupsFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(Corpus.GROUPS_FILE);
    Files.writeString(file, "file\tgroup\na.jpg\n");
    assertThatThrownBy(() -> Corpus.readGroups(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("a.jpg");
    Files.writeString(file, "file\tgroup\trelation\na.jpg\tx\tsimilar\n");
    assertThatThrownBy(() -> Corpus.readGroups(file)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> union(Corpus corpus) {
    List<String> all = new ArrayList<>(corpus.indexed());
    all.addAll(corpus.distractors());
    return all;
  }

  private static List<String> members(List<String> ids, String prefix) {
    return ids.stream().filter(id -> id.startsWith(prefix)).toList();
  }
}
