package dev.likeness.app.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An env file as docker/ keeps them: {@code KEY=VALUE} lines and {@code #} comments, nothing else.
 * Other readers than compose load these files (a shell's {@code set -a; . FILE}, a test harness),
 * so quotes, spaces, {@code export} or variable references are refused rather than interpreted.
 */
public final class EnvFile {
  private static final Pattern LINE = Pattern.compile("([A-Z_][A-Z0-9_]*)=([^\\s\"'$`\\\\]*)");

  private EnvFile() {}

  /** The variables of the file, in their order. */
  public static Map<String, String> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + " is not a plain KEY=VALUE line: " + line);
      }
      if (vars.put(m.group(1), m.group(2)) != null) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + " sets " + m.group(1) + " again");
      }
    }
    return vars;
  }
}
