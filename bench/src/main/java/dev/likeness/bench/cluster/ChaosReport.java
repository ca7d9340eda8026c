package dev.likeness.bench.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The outcome of a run: a row per fault window, the same added up per kind of fault, and the
 * end-of-run verdict on every acknowledged image.
 *
 * @param setup one line on the cluster and the load
 * @param windows a row per window, in order
 * @param perFault the windows of each kind of fault added up
 * @param acked images acknowledged in the whole run
 * @param publishFailed images the producer gave up on
 * @param lost acknowledged images missing from the topic or the index
 * @param duplicated images written or indexed twice
 * @param deadLettered acknowledged images in the dead-letter topic
 * @param unreachable indexed images that some node did not find by id
 * @param examples a few ids of each problem, to look up in the logs
 * @param backlog records the indexers had not committed when the end check began (0 if they had
 *     caught up; -1 if unknown)
 */
record ChaosReport(
    String setup,
    List<FaultRow> windows,
    List<FaultRow> perFault,
    long acked,
    long publishFailed,
    long lost,
    long duplicated,
    long deadLettered,
    long unreachable,
    List<String> examples,
    long backlog) {

  static ChaosReport of(
      String setup,
      List<FaultWindow> windows,
      Collection<Publication> publications,
      Collection<SearchOutcome> searches,
      Map<String, ImageFate> fates,
      long backlog) {
    List<FaultRow> rows = new ArrayList<>();
    Map<String, FaultRow> perFault = new LinkedHashMap<>();
    for (FaultWindow w : windows) {
      FaultRow row = FaultRow.of(w, publications, searches, fates);
      rows.add(row);
      perFault.merge(w.label(), row, (a, b) -> a.plus(b, w.label()));
    }
    List<String> examples = new ArrayList<>();
    examples(fates.values(), "lost", ImageFate::lost, examples);
    examples(fates.values(), "duplicated", ImageFate::duplicated, examples);
    examples(fates.values(), "dead-lettered", ImageFate::deadLettered, examples);
    examples(fates.values(), "not found from every node", ImageFate::unreachable, examples);
    List<String> failures =
        publications.stream()
            .map(Publication::failure)
            .filter(f -> f != null)
            .distinct()
            .limit(3)
            .toList();
    if (!failures.isEmpty()) {
      examples.add("publications failed with: " + String.join("; ", failures));
    }
    for (SearchVerdict v : List.of(SearchVerdict.FAILED, SearchVerdict.PARTIAL)) {
      List<String> why =
          searches.stream()
              .filter(o -> o.verdict() == v)
              .map(SearchOutcome::detail)
              .distinct()
              .limit(3)
              .toList();
      if (!why.isEmpty()) {
        examples.add(
            v.name().toLowerCase(Locale.ROOT) + " searches, e.g.: " + String.join("; ", why));
      }
    }
    return new ChaosReport(
        setup,
        rows,
        perFault.values().stream()
            .map(r -> r.plus(zero(), r.label().replaceAll(" #\\d+$", "")))
            .toList(),
        fates.size(),
        publications.stream().filter(p -> p.failure() != null).count(),
        fates.values().stream().filter(ImageFate::lost).count(),
        fates.values().stream().filter(ImageFate::duplicated).count(),
        fates.values().stream().filter(ImageFate::deadLettered).count(),
        fates.values().stream().filter(ImageFate::unreachable).count(),
        examples,
        backlog);
  }

  /** No image lost, duplicated or dead-lettered, and every one found from every node. */
  boolean passed() {
    return lost == 0 && duplicated == 0 && deadLettered == 0 && unreachable == 0;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Chaos run\n\n").append(setup).append("\n\n");
    md.append("## Per fault\n\n");
    md.append(
        "| fault | runs | published | lost | duplicated | dead-lettered | searches | complete"
            + " | stale | partial | failed | covered | fresh s (median / max) | complete again s"
            + " (median / max) | back s (max) |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (FaultRow r : perFault) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d | %d | %s | %s | %s | %d | %s | %s / %s | %s / %s | %s"
                  + " |\n",
              r.label(),
              r.runs(),
              r.published(),
              r.lost(),
              r.duplicated(),
              r.deadLettered(),
              r.searches(),
              percent(r.complete(), r.searches()),
              percent(r.stale(), r.searches()),
              percent(r.partial(), r.searches()),
              r.failed(),
              percent(r.complete() + r.stale(), r.searches()),
              seconds(median(r.freshSeconds())),
              seconds(max(r.freshSeconds())),
              seconds(median(r.completeAgainSeconds())),
              seconds(max(r.completeAgainSeconds())),
              seconds(max(r.backSeconds()))));
    }
    md.append("\n## Per window\n\n");
    md.append(
        "| window | target | published | acked | publish failed | lost | duplicated"
            + " | dead-lettered | complete | stale | partial | failed | fresh s | complete again s"
            + " | back s |\n");
    md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (FaultRow r : windows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s |\n",
              r.label(),
              r.target(),
              r.published(),
              r.acked(),
              r.publishFailed(),
              r.lost(),
              r.duplicated(),
              r.deadLettered(),
              r.complete(),
              r.stale(),
              r.partial(),
              r.failed(),
              seconds(max(r.freshSeconds())),
              seconds(max(r.completeAgainSeconds())),
              seconds(max(r.backSeconds()))));
    }
    md.append("\n## Verdict\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%s: %d images acknowledged, %d lost, %d duplicated, %d dead-lettered, %d not found"
                + " from every node; %d publications failed at the producer.\n",
            passed() ? "PASSED" : "FAILED",
            acked,
            lost,
            duplicated,
            deadLettered,
            unreachable,
            publishFailed));
    if (backlog != 0) {
      md.append(
          backlog > 0
              ? "\nThe indexers were still "
                  + backlog
                  + " records behind when the end check began: images counted lost may be late.\n"
              : "\nThe indexers' lag could not be read before the end check.\n");
    }
    for (String e : examples) {
      md.append("\n- ").append(e);
    }
    return md.append('\n').toString();
  }

  private static FaultRow zero() {
    return new FaultRow("", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), List.of());
  }

  private static void examples(
      Collection<ImageFate> fates, String what, Predicate<ImageFate> test, List<String> out) {
    List<String> ids = fates.stream().filter(test).map(ImageFate::toString).limit(5).toList();
    if (!ids.isEmpty()) {
      out.add(what + ": " + String.join(", ", ids));
    }
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / whole);
  }

  private static String seconds(double s) {
    return Double.isNaN(s)
        ? "never"
        : Double.isInfinite(s) ? "-" : String.format(Locale.ROOT, "%.1f", s);
  }

  private static double max(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NEGATIVE_INFINITY;
    }
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      m = Math.max(m, v);
    }
    return m;
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NEGATIVE_INFINITY;
    }
    List<Double> sorted = values.stream().sorted().toList(); // NaN sorts last
    return sorted.get(sorted.size() / 2);
  }
}
