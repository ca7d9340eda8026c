package dev.likeness.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link LagReport} as a plain-text table with a total line, for terminals. */
public final class LagTable {
  private static final String[] HEADER = {
    "PARTITION", "COMMITTED", "END", "LAG", "SECONDS", "OWNER", "STATUS"
  };

  private LagTable() {}

  /** The table, ending with a newline. */
  public static String render(LagReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (PartitionLag p : report.partitions()) {
      rows.add(
          new String[] {
            Integer.toString(p.partition()),
            p.committedOffset() >= 0 ? Long.toString(p.committedOffset()) : "-",
            Long.toString(p.endOffset()),
            Long.toString(p.lagRecords()),
            seconds(p.lagSeconds()) + (p.secondsSource() == SecondsSource.LOWER_BOUND ? "+" : ""),
            p.owner() == null ? "-" : p.owner(),
            p.status().name()
          });
    }
    rows.add(
        new String[] {
          "TOTAL",
          "",
          "",
          Long.toString(report.totalRecords()),
          seconds(report.maxSeconds()),
          "",
          report.status().name()
        });
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "group %s on %s at %s%n",
            report.groupId(),
            report.topic(),
            report.sampledAt()));
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        // Numbers right-aligned, words left-aligned, as kafka-consumer-groups does.
        boolean numeric = i >= 1 && i <= 4;
        String cell = numeric ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
        line.append(cell).append(i < row.length - 1 ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    report
        .worst()
        .ifPresent(
            w ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "worst: %s, %d records, %s s%n",
                        w.name(),
                        w.lagRecords(),
                        seconds(w.lagSeconds()))));
    return out.toString();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f", s);
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }
}
