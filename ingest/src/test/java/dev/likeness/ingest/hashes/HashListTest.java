package dev.likeness.ingest.hashes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashListTest {
  private static final String A =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String B =
      "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064";

  record Read(List<HashListEntry> entries, List<HashList.Problem> problems) {}

  static Read read(String text) throws IOException {
    List<HashListEntry> entries = new ArrayList<>();
    List<HashList.Problem> problems = new ArrayList<>();
    HashList.read(new BufferedReader(new StringReader(text)), entries::add, problems::add);
    return new Read(entries, problems);
  }

  @Test
  void readsHeaderlessListsWithExtraColumnsAsMetadata() throws IOException {
    Read r = read("# known images\n\n" + A + ",img-1,cats,2024\n" + B.toUpperCase() + ",img-2\n");
    assertThat(r.problems()).isEmpty();
    assertThat(r.entries()).hasSize(2);
    HashListEntry first = r.entries().get(0);
    assertThat(first.lineNumber()).isEqualTo(3);
    assertThat(first.id()).isEqualTo("img-1");
    assertThat(first.hash().hash().toHex()).isEqualTo(A);
    assertThat(first.hash().quality()).isEqualTo(100);
    assertThat(first.metadata())
        .containsExactly(Map.entry("col3", "cats"), Map.entry("col4", "2024"));
    assertThat(r.entries().get(1).hash().hash().toHex()).isEqualTo(B);
  }

  @Test
  void aHeaderNamesColumnsAndGivesTheQuality() throws IOException {
    Read r = read("hash,id,quality,label\n" + A + ",x,87,bridge\n");
    assertThat(r.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.hash().quality()).isEqualTo(87);
              assertThat(e.metadata()).containsExactly(Map.entry("label", "bridge"));
            });
  }

  @Test
  void badLinesAreReportedWithTheirNumberAndTheRestIsRead() throws IOException {
    Read r =
        read(
            "hash,id,quality\n"
                + "nothex,"
                + "a\n"
                + A
                + "\n"
                + A
                + ",\n"
                + A
                + ",ok,500\n"
                + A
                + ",bad\u0001id\n"
                + B
                + ",good,50\n");
    assertThat(r.entries()).extracting(HashListEntry::id).containsExactly("good");
    assertThat(r.problems())
        .extracting(HashList.Problem::lineNumber)
        .containsExactly(2, 3, 4, 5, 6);
    assertThat(r.problems().get(0).reason()).contains("64-hex-digit");
    assertThat(r.problems().get(1).reason()).contains("no id");
    assertThat(r.problems().get(3).reason()).contains("0 to 100");
    assertThat(r.problems().get(4).reason()).contains("bad id");
  }
}
