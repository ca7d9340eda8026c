package dev.likeness.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared node settings of {@code docker/likeness.env}: {@code KEY=VALUE} lines of {@code
 * LIKENESS_*} variables, {@code #} comments, as the compose file reads them, so the process-level
 * cluster runs with the same settings.
 */
final class SettingsFile {
  private SettingsFile() {}

  /** The file's LIKENESS_* variables; empty if it does not exist. */
  static Map<String, String> read(Path file) throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    if (file == null || !Files.isRegularFile(file)) {
      return vars;
    }
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (key.startsWith("LIKENESS_")) {
        vars.put(key, unquote(line.substring(eq + 1).strip()));
      }
    }
    return vars;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
