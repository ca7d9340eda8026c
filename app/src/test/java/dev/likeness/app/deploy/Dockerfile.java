package dev.likeness.app.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The instructions of a Dockerfile's last stage (the image that runs), read well enough to check
 * them: continuation lines joined, comments dropped, exec-form arguments parsed as JSON.
 */
public final class Dockerfile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One instruction: its keyword in upper case and the rest of the line. */
  public record Instruction(String keyword, String arguments) {}

  private final List<Instruction> lastStage;

  private Dockerfile(List<Instruction> lastStage) {
    this.lastStage = lastStage;
  }

  /** Reads the file. */
  public static Dockerfile read(Path file) throws IOException {
    List<Instruction> stage = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String[] parts = pending.toString().strip().split("\\s+", 2);
      pending.setLength(0);
      String keyword = parts[0].toUpperCase(Locale.ROOT);
      if (keyword.equals("FROM")) {
        stage.clear();
      }
      stage.add(new Instruction(keyword, parts.length > 1 ? parts[1] : ""));
    }
    return new Dockerfile(stage);
  }

  /** The last instruction with this keyword in the last stage. */
  public Optional<String> last(String keyword) {
    String found = null;
    for (Instruction i : lastStage) {
      if (i.keyword().equals(keyword)) {
        found = i.arguments();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The exec form ({@code ["a", "b"]}) of the last instruction with this keyword. */
  public List<String> execForm(String keyword) throws IOException {
    String arguments =
        last(keyword)
            .orElseThrow(() -> new IllegalStateException("no " + keyword + " in the image"));
    return Arrays.asList(JSON.readValue(arguments, String[].class));
  }

  /** The variables the last stage sets with {@code ENV KEY=VALUE}. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (Instruction i : lastStage) {
      if (i.keyword().equals("ENV")) {
        for (String pair : i.arguments().split("\\s+")) {
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("ENV without KEY=VALUE: " + i.arguments());
          }
          env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return env;
  }
}
