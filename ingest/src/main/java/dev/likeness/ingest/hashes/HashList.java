package dev.likeness.ingest.hashes;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.contract.record.HashValue;
import dev.likeness.contract.record.ImageId;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads hash lists: one {@code hex,id[,more...]} per line, as lists like ThreatExchange's are
 * exchanged. Blank lines and lines starting with {@code #} are skipped. A first line whose first
 * field is not a hash is a header naming the columns: a column named {@code quality} gives the
 * quality, the others become metadata under their names ({@code col3}, {@code col4}... without a
 * header). Fields are separated by commas and are not quoted.
 */
public final class HashList {
  private HashList() {}

  /** A line that could not be read, with the reason. */
  public record Problem(int lineNumber, String reason) {}

  /**
   * Reads every line, handing good entries to {@code entries} and bad lines to {@code problems}; it
   * streams, so lists of millions of hashes need no memory for the whole list.
   */
  public static void read(
      BufferedReader in, Consumer<HashListEntry> entries, Consumer<Problem> problems)
      throws IOException {
    List<String> columns = null;
    String line;
    int number = 0;
    boolean first = true;
    while ((line = in.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split(",", -1);
      if (first) {
        first = false;
        if (!isHex(fields[0].strip())) {
          columns = new ArrayList<>();
          for (String f : fields) {
            columns.add(f.strip().toLowerCase(Locale.ROOT));
          }
          continue;
        }
      }
      parse(number, fields, columns, entries, problems);
    }
  }

  private static void parse(
      int number,
      String[] fields,
      List<String> columns,
      Consumer<HashListEntry> entries,
      Consumer<Problem> problems) {
    String hex = fields[0].strip();
    if (!isHex(hex)) {
      problems.accept(new Problem(number, "the first field is not a 64-hex-digit PDQ hash"));
      return;
    }
    if (fields.length < 2 || fields[1].strip().isEmpty()) {
      problems.accept(new Problem(number, "no id: expected hex,id[,more...]"));
      return;
    }
    String id = fields[1].strip();
    if (!ImageId.isValid(id)) {
      problems.accept(new Problem(number, "bad id '" + id + "'"));
      return;
    }
    int quality = HashValue.DEFAULT_QUALITY;
    Map<String, String> meta = new LinkedHashMap<>();
    for (int i = 2; i < fields.length; i++) {
      String name =
          columns != null && i < columns.size() && !columns.get(i).isEmpty()
              ? columns.get(i)
              : "col" + (i + 1);
      String value = fields[i].strip();
      if (name.equals("quality")) {
        try {
          quality = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          quality = -1;
        }
        if (quality < 0 || quality > 100) {
          problems.accept(
              new Problem(number, "quality must be an integer from 0 to 100, got '" + value + "'"));
          return;
        }
      } else if (!value.isEmpty()) {
        meta.put(name, value);
      }
    }
    entries.accept(
        new HashListEntry(
            number, id, new PdqHash(Hash256.fromHex(hex.toLowerCase(Locale.ROOT)), quality), meta));
  }

  private static boolean isHex(String s) {
    return s.length() == 64 && s.chars().allMatch(HexFormat::isHexDigit);
  }
}
