package dev.likeness.ingest.hashes;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.likeness.contract.record.ImageId;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hash lists as {@code import-hashes} reads them from files of any origin: every line is an entry,
 * a problem, skipped (blank, comment, the header), never an exception; and what becomes an entry
 * carries a valid id, a quality from 0 to 100 and the hash its line spells.
 */
class HashListFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void everyLineIsAnEntryOrAProblem(byte[] file) throws IOException {
    List<HashListEntry> entries = new ArrayList<>();
    List<HashList.Problem> problems = new ArrayList<>();
    HashList.read(reader(file), entries::add, problems::add);

    List<String> lines = reader(file).lines().toList();
    assertThat(entries.size() + problems.size()).isLessThanOrEqualTo(lines.size());
    for (HashListEntry entry : entries) {
      String line = lines.get(entry.lineNumber() - 1);
      assertThat(ImageId.isValid(entry.id())).as("id of line %s", entry.lineNumber()).isTrue();
      assertThat(entry.hash().quality()).isBetween(0, 100);
      String hex = line.strip().split(",", -1)[0].strip();
      assertThat(entry.hash().hash().toHex()).isEqualTo(hex.toLowerCase(Locale.ROOT));
    }
    for (HashList.Problem problem : problems) {
      assertThat(problem.lineNumber()).isBetween(1, lines.size());
      assertThat(problem.reason()).isNotBlank();
    }
  }

  private static BufferedReader reader(byte[] file) {
    return new BufferedReader(
        new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8));
  }
}
