package dev.likeness.bench.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Writes a run's per-query CSV, its per-edit summary CSV and its Markdown report. */
public final class ReportWriter {
  private ReportWriter() {}

  /** One query per line: kind, transform, original, best hit, distances, form, error. */
  public static String queriesCsv(List<QueryOutcome> outcomes) {
    StringBuilder sb =
        new StringBuilder(
            "kind,transform,original,best_id,best_distance,right_distance,best_form,error,right_path\n");
    for (QueryOutcome o : outcomes) {
      sb.append(o.kind().name().toLowerCase(Locale.ROOT))
          .append(',')
          .append(csv(o.transform()))
          .append(',')
          .append(csv(o.original()))
          .append(',')
          .append(csv(o.bestId()))
          .append(',')
          .append(distance(o.bestDistance()))
          .append(',')
          .append(distance(o.rightDistance()))
          .append(',')
          .append(o.bestForm())
          .append(',')
          .append(csv(o.error()))
          .append(',')
          .append(o.rightPath())
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * One edit per line with n, top-1 and recall, then the overall line; threshold and FMR on every
   * line.
   */
  public static String summaryCsv(Evaluation eval) {
    StringBuilder sb =
        new StringBuilder(
            "transform,n,top1_percent,recall_percent,median_right_distance,threshold,false_match_rate,"
                + "recalled_by_keypoints,recalled_by_bands\n");
    for (Evaluation.Row r : rowsWithOverall(eval)) {
      sb.append(csv(r.transform()))
          .append(',')
          .append(r.n())
          .append(',')
          .append(fmt("%.1f", r.top1Percent()))
          .append(',')
          .append(fmt("%.1f", r.recallPercent()))
          .append(',')
          .append(Double.isNaN(r.medianRightDistance()) ? "" : fmt("%.1f", r.medianRightDistance()))
          .append(',')
          .append(eval.threshold())
          .append(',')
          .append(fmt("%.4f", eval.falseMatchRate()))
          .append(',')
          .append(r.recalledByKeypoints())
          .append(',')
          .append(r.recalledByBands())
          .append('\n');
    }
    return sb.toString();
  }

  /** The Markdown report: setup, the table, the threshold, and the closest distractor matches. */
  public static String markdown(
      String title,
      RunSetup setup,
      Evaluation eval,
      List<QueryOutcome> outcomes,
      Map<Transform, String> skipped) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(title).append("\n\n");
    sb.append(
        fmt(
            "- Photos: %d originals in `%s`: %d indexed, %d held out as distractors (seed %d)%n",
            setup.indexed() + setup.distractors(),
            setup.photos(),
            setup.indexed(),
            setup.distractors(),
            setup.seed()));
    sb.append(
        fmt(
            "- Queries: %d edited copies of indexed originals; %d distractor queries (the %d held-out originals and"
                + " their edited copies)%n",
            eval.overall().n(), eval.distractorQueries(), setup.distractors()));
    sb.append(
        fmt(
            "- Search: all 8 dihedral forms of the query, k = %d, radius %d; features: %s%n",
            setup.k(), setup.radius(), setup.features()));
    sb.append(
        fmt(
            "- **Threshold: distance ≤ %d**, the largest at which distractor queries match ≤ %.1f %%:"
                + " %d of %d matched (%.2f %%)%n",
            eval.threshold(),
            100 * setup.maxFalseMatchRate(),
            eval.falseMatches(),
            eval.distractorQueries(),
            100 * eval.falseMatchRate()));
    sb.append(fmt("- Run time: %.0f s on %d threads%n", setup.seconds(), setup.threads()));
    Costs c = setup.costs();
    sb.append(
        fmt(
            "- Costs (mean, while %d threads ran): features %.1f ms per indexed image and %.1f ms per query"
                + " (decode included); search %.2f ms per query at %d images",
            setup.threads(),
            c.indexMillis(),
            c.queryExtractMillis(),
            c.searchMillis(),
            setup.indexed()));
    if (c.storedBytes() > 0) {
      sb.append(
          fmt(
              "; stored %.0f bytes per image beyond the PDQ record; keypoint index %.0f bytes of heap per image",
              c.storedBytes(), c.heapBytes()));
    }
    sb.append('\n');
    for (var e : skipped.entrySet()) {
      sb.append("- Skipped: ")
          .append(e.getKey().label())
          .append(" — ")
          .append(e.getValue())
          .append('\n');
    }
    sb.append("\n| edit | n | top-1 % | recall % at ≤ ")
        .append(eval.threshold())
        .append(" | median distance | recalled via keypoints | recalled via bands |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Evaluation.Row r : rowsWithOverall(eval)) {
      boolean all = r == eval.overall();
      String name = all ? "**all**" : r.transform();
      sb.append(
          fmt(
              "| %s | %d | %.1f | %s | %s | %d | %d |%n",
              name,
              r.n(),
              r.top1Percent(),
              all ? fmt("**%.1f**", r.recallPercent()) : fmt("%.1f", r.recallPercent()),
              Double.isNaN(r.medianRightDistance()) ? "—" : fmt("%.0f", r.medianRightDistance()),
              r.recalledByKeypoints(),
              r.recalledByBands()));
    }
    sb.append(
        "\ntop-1: the top hit is the right original, at any distance. recall: the right original is within"
            + " the threshold (whatever else is). median distance: the right original's score (for pdq, best of the 8"
            + " forms). recalled via keypoints, via bands: recalled copies whose score came from the keypoint"
            + " path, or from two of three horizontal bands (the rest from the whole-image hash).\n");

    List<QueryOutcome> closest =
        outcomes.stream()
            .filter(o -> o.kind().distractor() && o.bestDistance() != QueryOutcome.NONE)
            .sorted(Comparator.comparingInt(QueryOutcome::bestDistance))
            .limit(12)
            .toList();
    if (!closest.isEmpty()) {
      sb.append(
          "\n## Closest distractor matches\n\nThese set the threshold: held-out images (or their edits) that"
              + " come closest to some indexed image.\n\n| distractor | edit | nearest indexed image | distance |\n"
              + "|---|---|---|---:|\n");
      for (QueryOutcome o : closest) {
        sb.append(
            fmt(
                "| %s | %s | %s | %d |%n",
                o.original(), o.transform(), o.bestId(), o.bestDistance()));
      }
    }
    flatSection(sb, eval.flat());
    long failed = outcomes.stream().filter(o -> !o.error().isEmpty()).count();
    if (failed > 0) {
      sb.append(
          fmt("%n%d queries failed (counted as misses); see the CSV's error column.%n", failed));
    }
    return sb.toString();
  }

  /** The flat pictures: their copies found, and any two different pictures taken for the same. */
  private static void flatSection(StringBuilder sb, Evaluation.Flat flat) {
    if (flat.copiesOverall().n() == 0 && flat.distractorQueries() == 0) {
      return;
    }
    sb.append(
        fmt(
            "%n## Flat pictures%n%nGenerated flat, low-texture pictures (planets, skies, gradients, products on"
                + " white; `FlatPictures`), judged at the default threshold, ≤ %d. Edited copies of the indexed"
                + " ones:%n%n| edit | n | top-1 %% | found %% at ≤ %d | median distance |%n|---|---:|---:|---:|---:|%n",
            Evaluation.FLAT_THRESHOLD, Evaluation.FLAT_THRESHOLD));
    for (Evaluation.Row r :
        Stream.concat(flat.copies().stream(), Stream.of(flat.copiesOverall())).toList()) {
      sb.append(
          fmt(
              "| %s | %d | %.1f | %.1f | %s |%n",
              r == flat.copiesOverall() ? "**all**" : r.transform(),
              r.n(),
              r.top1Percent(),
              r.recallPercent(),
              Double.isNaN(r.medianRightDistance()) ? "—" : fmt("%.0f", r.medianRightDistance())));
    }
    sb.append(
        fmt(
            "%n**Two different pictures, one of them flat, taken for the same at ≤ %d: %d** (%d held-out flat"
                + " queries among the distractors).%n",
            Evaluation.FLAT_THRESHOLD, flat.falseMatches().size(), flat.distractorQueries()));
    if (!flat.falseMatches().isEmpty()) {
      sb.append("\n| query | edit | top hit | distance | path |\n|---|---|---|---:|---|\n");
      flat.falseMatches().stream()
          .sorted(Comparator.comparingInt(QueryOutcome::bestDistance))
          .limit(20)
          .forEach(
              o ->
                  sb.append(
                      fmt(
                          "| %s | %s | %s | %d | %s |%n",
                          o.original(),
                          o.transform(),
                          o.bestId(),
                          o.bestDistance(),
                          o.bestForm())));
    }
  }

  /** Writes {@code text} to {@code file}, creating folders. */
  public static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static List<Evaluation.Row> rowsWithOverall(Evaluation eval) {
    return Stream.concat(eval.rows().stream(), Stream.of(eval.overall())).toList();
  }

  private static String distance(int d) {
    return d == QueryOutcome.NONE ? "" : Integer.toString(d);
  }

  private static String csv(String s) {
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** What a report says about how the run was set up. */
  public record RunSetup(
      String photos,
      int indexed,
      int distractors,
      long seed,
      int k,
      int radius,
      double maxFalseMatchRate,
      String features,
      int threads,
      double seconds,
      Costs costs) {}

  /**
   * What the matcher cost during the run.
   *
   * @param indexMillis feature extraction per indexed image, decode included
   * @param queryExtractMillis feature extraction per query, decode included
   * @param searchMillis search per query after extraction
   * @param storedBytes bytes stored per image beyond the PDQ record (0 for the baseline)
   * @param heapBytes keypoint-index heap per image (0 for the baseline)
   */
  public record Costs(
      double indexMillis,
      double queryExtractMillis,
      double searchMillis,
      double storedBytes,
      double heapBytes) {}
}
