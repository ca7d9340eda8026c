package dev.likeness.bench.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the JMH benchmarks with short smoke settings unless the arguments say otherwise: any JMH
 * command-line option (e.g. {@code -f 3 -wi 5 -i 10}, {@code -p size=10000000}, a benchmark regex)
 * is passed through and overrides the defaults.
 */
public final class JmhMain {
  private JmhMain() {}

  /** Entry point; see {@code bench/README.md}. */
  public static void main(String[] args) throws Exception {
    List<String> all = new ArrayList<>(List.of("-f", "1", "-wi", "1", "-i", "2", "-w", "2s", "-r", "2s"));
    // Later options win in JMH's parser, so user arguments override the smoke defaults.
    all.addAll(Arrays.asList(args));
    org.openjdk.jmh.Main.main(all.toArray(String[]::new));
  }
}
