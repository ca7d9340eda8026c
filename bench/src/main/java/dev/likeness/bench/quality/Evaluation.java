package dev.likeness.bench.quality;

import dev.likeness.core.match.ImageMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a run: the match threshold that keeps false matches at or under the allowed rate, and per
 * edit the top-1 rate and the recall at that threshold. Pure arithmetic over the outcomes.
 *
 * @param threshold the largest distance at which distractor queries match at most {@code
 *     maxFalseMatchRate} of the time
 * @param falseMatchRate the distractors' actual false-match rate at {@code threshold}
 * @param distractorQueries how many distractor queries (originals and edited) there were
 * @param falseMatches how many of them matched within {@code threshold}
 * @param rows one row per edit, in the order the edits were run
 * @param overall all edited copies together
 * @param flat the flat pictures at {@link #FLAT_THRESHOLD}
 */
public record Evaluation(
    int threshold,
    double falseMatchRate,
    int distractorQueries,
    int falseMatches,
    List<Row> rows,
    Row overall,
    Flat flat) {
  /** The threshold the flat pictures are judged at: the matcher's default. */
  public static final int FLAT_THRESHOLD = ImageMatcher.DEFAULT_THRESHOLD;

  /**
   * How the flat pictures ({@link FlatPictures}) fared at {@link #FLAT_THRESHOLD}.
   *
   * @param copies per edit, the edited copies of indexed flat pictures, and their recall at it
   * @param copiesOverall all of them together
   * @param distractorQueries distractor queries that are a held-out flat picture or its edit
   * @param falseMatches queries whose top hit within it is another picture, with a flat picture on
   *     either side: two different pictures, at least one of them flat, taken for the same
   */
  public record Flat(
      List<Row> copies,
      Row copiesOverall,
      int distractorQueries,
      List<QueryOutcome> falseMatches) {}

  /**
   * One edit's scores.
   *
   * @param transform label of the edit
   * @param n edited copies searched (failed ones count as misses)
   * @param top1 copies whose top hit was the right original, at any distance
   * @param recalled copies whose right original was within the threshold
   * @param recalledByKeypoints of those, the ones whose score came from the keypoint path
   * @param recalledByBands of those, the ones whose score came from the band path
   * @param medianRightDistance median distance to the right original
   */
  public record Row(
      String transform,
      int n,
      int top1,
      int recalled,
      int recalledByKeypoints,
      int recalledByBands,
      double medianRightDistance) {
    /** Top-1 rate in percent. */
    public double top1Percent() {
      return n == 0 ? 0 : 100.0 * top1 / n;
    }

    /** Recall at the threshold in percent. */
    public double recallPercent() {
      return n == 0 ? 0 : 100.0 * recalled / n;
    }
  }

  /**
   * Scores {@code outcomes}; the threshold is at most {@code radius} because nothing farther was
   * seen.
   */
  public static Evaluation of(List<QueryOutcome> outcomes, double maxFalseMatchRate, int radius) {
    List<QueryOutcome> distractors = outcomes.stream().filter(o -> o.kind().distractor()).toList();
    // histogram[d] = distractor queries whose best hit is at distance d
    int[] histogram = new int[radius + 1];
    for (QueryOutcome o : distractors) {
      if (o.bestDistance() <= radius) {
        histogram[o.bestDistance()]++;
      }
    }
    int threshold = -1;
    int matched = 0;
    int matchedAtThreshold = 0;
    for (int t = 0; t <= radius; t++) {
      matched += histogram[t];
      if (distractors.isEmpty() || (double) matched / distractors.size() <= maxFalseMatchRate) {
        threshold = t;
        matchedAtThreshold = matched;
      }
    }
    // With no distractor free even at 0, nothing can be accepted; -1 makes every recall 0.
    double fmr = distractors.isEmpty() ? 0 : (double) matchedAtThreshold / distractors.size();

    Map<String, List<QueryOutcome>> byTransform = new LinkedHashMap<>();
    for (QueryOutcome o : outcomes) {
      if (o.kind() == QueryKind.EDITED) {
        byTransform.computeIfAbsent(o.transform(), t -> new ArrayList<>()).add(o);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (var e : byTransform.entrySet()) {
      rows.add(row(e.getKey(), e.getValue(), threshold));
    }
    Row overall =
        row("all", outcomes.stream().filter(o -> o.kind() == QueryKind.EDITED).toList(), threshold);
    return new Evaluation(
        threshold,
        fmr,
        distractors.size(),
        matchedAtThreshold,
        List.copyOf(rows),
        overall,
        flat(outcomes, distractors));
  }

  private static Flat flat(List<QueryOutcome> outcomes, List<QueryOutcome> distractors) {
    Map<String, List<QueryOutcome>> byTransform = new LinkedHashMap<>();
    List<QueryOutcome> all = new ArrayList<>();
    for (QueryOutcome o : outcomes) {
      if (o.kind() == QueryKind.FLAT_EDITED) {
        byTransform.computeIfAbsent(o.transform(), t -> new ArrayList<>()).add(o);
        all.add(o);
      }
    }
    List<Row> rows = new ArrayList<>();
    byTransform.forEach((t, list) -> rows.add(row(t, list, FLAT_THRESHOLD)));
    List<QueryOutcome> falseMatches =
        outcomes.stream()
            .filter(o -> o.bestDistance() <= FLAT_THRESHOLD)
            .filter(o -> o.kind().distractor() || !o.original().equals(o.bestId()))
            .filter(o -> FlatPictures.isFlat(o.original()) || FlatPictures.isFlat(o.bestId()))
            .toList();
    int queries = (int) distractors.stream().filter(o -> FlatPictures.isFlat(o.original())).count();
    return new Flat(List.copyOf(rows), row("all", all, FLAT_THRESHOLD), queries, falseMatches);
  }

  private static Row row(String transform, List<QueryOutcome> edited, int threshold) {
    int top1 = 0;
    int recalled = 0;
    int byKeypoints = 0;
    int byBands = 0;
    int[] distances = new int[edited.size()];
    for (int i = 0; i < edited.size(); i++) {
      QueryOutcome o = edited.get(i);
      if (o.top1()) {
        top1++;
      }
      if (o.rightDistance() <= threshold) {
        recalled++;
        if ("keypoints".equals(o.rightPath())) {
          byKeypoints++;
        } else if ("bands".equals(o.rightPath())) {
          byBands++;
        }
      }
      distances[i] = o.rightDistance();
    }
    return new Row(
        transform, edited.size(), top1, recalled, byKeypoints, byBands, median(distances));
  }

  private static double median(int[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    int[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    if (v[m] == QueryOutcome.NONE || (v.length % 2 == 0 && v[m - 1] == QueryOutcome.NONE)) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
  }

  /** The row of {@code transform}, if it was run. */
  public Optional<Row> row(String transform) {
    return rows.stream().filter(r -> r.transform().equals(transform)).findFirst();
  }
}
