package dev.likeness.bench.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.Main;

/**
 * Runs the JMH benchmarks with short smoke settings ({@code -f 1 -wi 1 -i 2 -w 2s -r 2s}) for any
 * of those options the arguments leave out; every other JMH option (e.g. {@code -p size=1000000},
 * {@code -rf json}, a benchmark regex) is passed through unchanged.
 */
public final class JmhMain {
  private static final Map<String, String> SMOKE = new LinkedHashMap<>();

  static {
    SMOKE.put("-f", "1");
    SMOKE.put("-wi", "1");
    SMOKE.put("-i", "2");
    SMOKE.put("-w", "2s");
    SMOKE.put("-r", "2s");
  }

  private JmhMain() {}

  /** Entry point; see {@code bench/README.md}. */
  public static void main(String[] args) throws Exception {
    List<String> given = Arrays.asList(args);
    List<String> all = new ArrayList<>();
    // JMH rejects an option given twice, so defaults only fill in what the user left out.
    SMOKE.forEach(
        (option, value) -> {
          if (!given.contains(option)) {
            all.add(option);
            all.add(value);
          }
        });
    all.addAll(given);
    Main.main(all.toArray(String[]::new));
  }
}
