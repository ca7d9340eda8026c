package dev.likeness.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample of latencies, in milliseconds. */
record Stats(int n, double median, double p90, double p99, double max) {
  static Stats of(List<Double> millis) {
    double[] v = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Stats(v.length, pct(v, 50), pct(v, 90), pct(v, 99), v[v.length - 1]);
  }

  private static double pct(double[] sorted, double p) {
    // Nearest-rank percentile: the value at or below which p % of the sample lies.
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  String row(String what) {
    return String.format("| %s | %d | %.1f | %.1f | %.1f | %.1f |", what, n, median, p90, p99, max);
  }

  static String header() {
    return "| measure | n | median ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|";
  }

  @Override
  public String toString() {
    return Arrays.toString(new double[] {median, p90, p99, max});
  }
}
