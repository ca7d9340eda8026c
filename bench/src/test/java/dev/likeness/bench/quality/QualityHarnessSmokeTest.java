package dev.likeness.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the harness on the repository's seed photographs with a few edits and checks only that its
 * output is sane; the numbers are printed, not asserted. The baseline runs on 30 photographs; the
 * likeness matcher, which extracts keypoints for every query, on 12 with three edits.
 */
class QualityHarnessSmokeTest {
  private static final Path SEEDS = Path.of("..", "seeds");

  @TempDir Path out;

  @Test
  void reportsEveryEditAndFindsIdentityLikeAndDihedralCopies() throws Exception {
    List<Transform> edits =
        List.of(
            Transform.PNG,
            Transform.JPEG_Q20,
            Transform.ROTATE_90,
            Transform.MIRROR,
            Transform.CROP_10,
            Transform.TEXT_OVERLAY);
    QualityHarness harness =
        CommandLine.populateCommand(
            new QualityHarness(),
            "--photos",
            SEEDS.toString(),
            "--out",
            out.toString(),
            "--name",
            "smoke",
            "--limit",
            "30",
            "--matcher",
            "pdq",
            "--transforms",
            "PNG,JPEG_Q20,ROTATE_90,MIRROR,CROP_10,TEXT_OVERLAY",
            "--quiet");

    QualityHarness.Result result = harness.run();
    Evaluation eval = result.evaluation();
    System.out.println(Files.readString(result.markdown()));

    assertThat(eval.rows())
        .extracting(Evaluation.Row::transform)
        .containsExactlyInAnyOrderElementsOf(edits.stream().map(Transform::label).toList());
    assertThat(eval.rows()).allSatisfy(r -> assertThat(r.n()).isEqualTo(20));
    assertThat(eval.row(Transform.PNG.label()).orElseThrow().top1Percent()).isEqualTo(100.0);
    assertThat(eval.row(Transform.ROTATE_90.label()).orElseThrow().top1Percent()).isEqualTo(100.0);
    assertThat(eval.row(Transform.MIRROR.label()).orElseThrow().top1Percent()).isEqualTo(100.0);
    assertThat(eval.threshold()).isBetween(0, 256);
    assertThat(eval.falseMatchRate()).isBetween(0.0, 0.01);

    String markdown = Files.readString(result.markdown());
    for (Transform t : edits) {
      assertThat(markdown).contains("| " + t.label() + " |");
    }
    assertThat(Files.readAllLines(result.summaryCsv())).hasSize(1 + edits.size() + 1);
    BufferedImage chart = ImageIO.read(result.chart().toFile());
    assertThat(chart).isNotNull();
    assertThat(chart.getWidth()).isPositive();
  }

  @Test
  void theLikenessMatcherReportsItsPathsAndCosts() throws Exception {
    QualityHarness harness =
        CommandLine.populateCommand(
            new QualityHarness(),
            "--photos",
            SEEDS.toString(),
            "--out",
            out.toString(),
            "--limit",
            "12",
            "--transforms",
            "PNG,CROP_25,BORDER_10",
            "--quiet");

    QualityHarness.Result result = harness.run();
    Evaluation eval = result.evaluation();
    String markdown = Files.readString(result.markdown());
    System.out.println(markdown);

    assertThat(result.markdown().getFileName().toString()).isEqualTo("likeness.md");
    assertThat(eval.rows()).allSatisfy(r -> assertThat(r.n()).isEqualTo(8));
    assertThat(eval.row(Transform.PNG.label()).orElseThrow().top1Percent()).isEqualTo(100.0);
    assertThat(markdown).contains("recalled via keypoints").contains("ms per query");
    assertThat(Files.readAllLines(result.queriesCsv()).get(0)).endsWith(",right_path");
    assertThat(Files.readAllLines(result.queriesCsv()))
        .anyMatch(line -> line.endsWith(",keypoints"));
  }

  @Test
  void thresholdIsTheLargestWithAtMostOnePercentFalseMatches() {
    // 200 distractor queries: best hits at 40, 41 and 50; two may match (1 %), three may not.
    List<QueryOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 197; i++) {
      outcomes.add(
          new QueryOutcome(
              QueryKind.DISTRACTOR_ORIGINAL,
              "original",
              "d" + i,
              "",
              QueryOutcome.NONE,
              QueryOutcome.NONE,
              "",
              "",
              ""));
    }
    for (int d : new int[] {40, 41, 50}) {
      outcomes.add(
          new QueryOutcome(
              QueryKind.DISTRACTOR_EDITED, "x", "e" + d, "a", d, QueryOutcome.NONE, "", "", ""));
    }
    outcomes.add(
        new QueryOutcome(QueryKind.EDITED, "x", "a", "a", 30, 30, "original", "", "whole"));
    outcomes.add(
        new QueryOutcome(QueryKind.EDITED, "x", "b", "a", 45, 49, "original", "", "keypoints"));

    Evaluation eval = Evaluation.of(outcomes, 0.01, 128);

    assertThat(eval.threshold()).isEqualTo(49);
    assertThat(eval.falseMatches()).isEqualTo(2);
    assertThat(eval.overall().recalled()).isEqualTo(2);
    assertThat(eval.overall().recalledByKeypoints()).isEqualTo(1);
    assertThat(eval.overall().top1()).isEqualTo(1);
  }
}
