package dev.likeness.bench.quality;

import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.SafeImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The search-quality harness: indexes part of a folder of photographs, searches edited copies of
 * them and of the held-out rest, and reports top-1 and recall per edit at the threshold that keeps
 * false matches under the allowed rate (CSV, Markdown, PNG chart).
 */
@Command(
    name = "quality-harness",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Measures how well edited copies of indexed photographs are found, against held-out distractors.")
public final class QualityHarness implements Callable<Integer> {
  @Option(
      names = "--photos",
      required = true,
      description = "Folder of originals (searched recursively).")
  Path photos;

  @Option(
      names = "--out",
      defaultValue = "quality/reports",
      description = "Folder the reports are written to.")
  Path out;

  @Option(
      names = "--matcher",
      defaultValue = "likeness",
      description = "Matcher to measure: likeness or pdq (the whole-image baseline).")
  String matcherName;

  @Option(
      names = "--name",
      description = "Base name of the report files (default: likeness, or pdq-baseline).")
  String name;

  @Option(
      names = "--title",
      description = "Title of the report and chart (default from the matcher).")
  String title;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the indexed/distractor split.")
  long seed;

  @Option(
      names = "--distractor-share",
      defaultValue = "0.3333333",
      description = "Share of originals held out.")
  double distractorShare;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Use at most this many originals (0 = all).")
  int limit;

  @Option(
      names = "--transforms",
      split = ",",
      description = "Edits to run (default all): ${COMPLETION-CANDIDATES}.")
  List<Transform> transforms;

  @Option(names = "--k", defaultValue = "10", description = "Hits per search.")
  int k;

  @Option(
      names = "--radius",
      defaultValue = "128",
      description = "Search radius (Hamming distance).")
  int radius;

  @Option(
      names = "--max-false-match-rate",
      defaultValue = "0.01",
      description = "Largest share of distractor queries allowed to match at the threshold.")
  double maxFalseMatchRate;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(
      names = "--save-edits",
      description = "Also write every edited copy into this folder, to look at.")
  Path saveEdits;

  @Option(
      names = "--flat-pictures",
      defaultValue = "48",
      description =
          "Flat, low-texture pictures to generate from the seed (half indexed, half held out; 0 = none).")
  int flatPictures;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  /** What a run produced. */
  public record Result(
      Evaluation evaluation,
      List<QueryOutcome> outcomes,
      Map<Transform, String> skipped,
      Path markdown,
      Path summaryCsv,
      Path queriesCsv,
      Path chart) {}

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new QualityHarness())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Result r = run();
    System.out.println(Files.readString(r.markdown()));
    System.out.println(
        "Wrote " + r.markdown() + ", " + r.summaryCsv() + ", " + r.queriesCsv() + ", " + r.chart());
    return 0;
  }

  /** Runs the harness with the options set on this instance. */
  public Result run() throws IOException, InterruptedException {
    long start = System.nanoTime();
    int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Corpus corpus = Corpus.load(photos, distractorShare, seed, limit);
    if (corpus.indexed().isEmpty()) {
      throw new IllegalArgumentException("no images found under " + photos);
    }
    List<Transform> chosen = new ArrayList<>();
    Map<Transform, String> skipped = new LinkedHashMap<>();
    for (Transform t :
        transforms == null ? EnumSet.allOf(Transform.class) : EnumSet.copyOf(transforms)) {
      t.encoding()
          .unavailableReason()
          .ifPresentOrElse(reason -> skipped.put(t, reason), () -> chosen.add(t));
    }
    if (saveEdits != null) {
      Files.createDirectories(saveEdits);
    }

    InProcessIndex.Matcher matcher =
        InProcessIndex.Matcher.valueOf(matcherName.toUpperCase(Locale.ROOT));
    String baseName =
        name != null ? name : matcher == InProcessIndex.Matcher.PDQ ? "pdq-baseline" : "likeness";
    String heading =
        title != null
            ? title
            : matcher == InProcessIndex.Matcher.PDQ
                ? "PDQ baseline"
                : "Likeness matcher (trimmed PDQ + verified keypoints + bands)";
    InProcessIndex index = new InProcessIndex(matcher);
    // Generated pictures, as lossless files: their ids start with a prefix no photo id has.
    Map<String, byte[]> flat = new LinkedHashMap<>();
    List<String> flatIndexed = new ArrayList<>();
    List<String> flatHeldOut = new ArrayList<>();
    for (FlatPictures.Picture p : FlatPictures.generate(flatPictures, seed)) {
      flat.put(p.id(), Encoding.PNG.encode(p.pixels()));
      (p.indexed() ? flatIndexed : flatHeldOut).add(p.id());
    }
    CollageTiles tiles =
        chosen.contains(Transform.COLLAGE) ? collageTiles(corpus) : CollageTiles.none();
    ExecutorService pool = Executors.newFixedThreadPool(nThreads);
    List<QueryOutcome> outcomes = new ArrayList<>();
    List<String> indexed = new ArrayList<>();
    try {
      // 1. Index the originals through the production extractor.
      List<Future<String>> adds = new ArrayList<>();
      List<String> toIndex = new ArrayList<>(corpus.indexed());
      toIndex.addAll(flatIndexed);
      for (String id : toIndex) {
        adds.add(
            pool.submit(
                () -> {
                  try {
                    index.add(id, read(corpus, flat, id));
                    return null;
                  } catch (ImageRejectedException | IOException e) {
                    return e.getMessage();
                  }
                }));
      }
      for (int i = 0; i < adds.size(); i++) {
        String error = get(adds.get(i));
        if (error == null) {
          indexed.add(toIndex.get(i));
        } else {
          log("not indexed: %s (%s)", toIndex.get(i), error);
        }
      }
      log(
          "indexed %d originals (%d of them flat); %d distractors (%d flat); %d edits",
          index.size(),
          flatIndexed.size(),
          corpus.distractors().size() + flatHeldOut.size(),
          flatHeldOut.size(),
          chosen.size());

      // 2. Search edited copies of every original, and the distractors themselves.
      AtomicInteger done = new AtomicInteger();
      List<String> heldOut = new ArrayList<>(corpus.distractors());
      heldOut.addAll(flatHeldOut);
      int total = indexed.size() + heldOut.size();
      List<Future<List<QueryOutcome>>> searches = new ArrayList<>();
      for (String id : indexed) {
        QueryKind kind = FlatPictures.isFlat(id) ? QueryKind.FLAT_EDITED : QueryKind.EDITED;
        searches.add(
            pool.submit(() -> queries(index, corpus, flat, tiles, id, kind, chosen, done, total)));
      }
      for (String id : heldOut) {
        searches.add(
            pool.submit(
                () ->
                    queries(
                        index,
                        corpus,
                        flat,
                        tiles,
                        id,
                        QueryKind.DISTRACTOR_EDITED,
                        chosen,
                        done,
                        total)));
      }
      for (Future<List<QueryOutcome>> f : searches) {
        outcomes.addAll(get(f));
      }
    } finally {
      pool.shutdownNow();
    }
    // Deterministic order whatever the threads did: kind, edit, original.
    List<String> order = chosen.stream().map(Transform::label).toList();
    outcomes.sort(
        Comparator.comparing(QueryOutcome::kind)
            .thenComparingInt(o -> order.indexOf(o.transform()))
            .thenComparing(QueryOutcome::original));

    Evaluation eval = Evaluation.of(outcomes, maxFalseMatchRate, radius);
    double seconds = (System.nanoTime() - start) / 1e9;
    String features =
        matcher == InProcessIndex.Matcher.PDQ
            ? "PDQ (core FeatureExtractor v"
                + FeatureExtractor.VERSION
                + "), in-process HammingIndex"
            : "core ImageMatcher: border-trimmed PDQ in a HammingIndex + keypoints (Fast-Hessian, BRIEF-256) in a"
                + " KeypointIndex, RANSAC similarity, aligned-region PDQ; PDQ of three horizontal bands; score = PDQ"
                + " distance on any path";
    ReportWriter.Costs costs =
        new ReportWriter.Costs(
            index.indexMillisPerImage(),
            index.queryExtractMillis(),
            index.searchMillis(),
            index.storedBytesPerImage(),
            index.keypointHeapPerImage());
    ReportWriter.RunSetup setup =
        new ReportWriter.RunSetup(
            photos.toString(),
            (int) indexed.stream().filter(id -> !FlatPictures.isFlat(id)).count(),
            corpus.distractors().size(),
            seed,
            k,
            radius,
            maxFalseMatchRate,
            features,
            nThreads,
            seconds,
            costs);
    Path md = out.resolve(baseName + ".md");
    Path summary = out.resolve(baseName + "-summary.csv");
    Path queries = out.resolve(baseName + "-queries.csv");
    Path chart = out.resolve(baseName + ".png");
    ReportWriter.write(md, ReportWriter.markdown(heading, setup, eval, outcomes, skipped));
    ReportWriter.write(summary, ReportWriter.summaryCsv(eval));
    ReportWriter.write(queries, ReportWriter.queriesCsv(outcomes));
    ImageIO.write(RecallChart.draw(eval, heading), "png", chart.toFile());
    return new Result(eval, List.copyOf(outcomes), skipped, md, summary, queries, chart);
  }

  private List<QueryOutcome> queries(
      InProcessIndex index,
      Corpus corpus,
      Map<String, byte[]> flat,
      CollageTiles tiles,
      String id,
      QueryKind kind,
      List<Transform> chosen,
      AtomicInteger done,
      int total) {
    List<QueryOutcome> results = new ArrayList<>();
    byte[] bytes;
    BufferedImage pixels;
    try {
      bytes = read(corpus, flat, id);
      // Edit what the extractor sees: decoded safely, EXIF orientation applied, as RGB.
      BufferedImage decoded = new SafeImageDecoder(ImageLimits.defaults()).decode(bytes).pixels();
      pixels =
          decoded.getType() == BufferedImage.TYPE_INT_RGB
              ? decoded
              : Transform.draw(
                  decoded.getWidth(), decoded.getHeight(), g -> g.drawImage(decoded, 0, 0, null));
    } catch (IOException | ImageRejectedException | RuntimeException e) {
      for (Transform t : chosen) {
        results.add(QueryOutcome.failed(kind, t.label(), id, "original: " + e.getMessage()));
      }
      return results;
    }
    if (kind == QueryKind.DISTRACTOR_EDITED) {
      results.add(search(index, QueryKind.DISTRACTOR_ORIGINAL, "original", id, bytes));
    }
    for (Transform t : chosen) {
      byte[] edited;
      try {
        // The edit's free choices (crop side, mark, collage tiles) per image, from the seed.
        edited = t.apply(pixels, Transform.variant(seed, id), tiles);
      } catch (RuntimeException e) {
        results.add(QueryOutcome.failed(kind, t.label(), id, "edit: " + e));
        continue;
      }
      if (saveEdits != null) {
        save(id, t, edited);
      }
      results.add(search(index, kind, t.label(), id, edited));
    }
    int n = done.incrementAndGet();
    if (n % 25 == 0 || n == total) {
      log("searched %d/%d originals", n, total);
    }
    return results;
  }

  private QueryOutcome search(
      InProcessIndex index, QueryKind kind, String transform, String id, byte[] query) {
    InProcessIndex.Answer a;
    try {
      a = index.query(query, kind.distractor() ? null : id, k, radius);
    } catch (ImageRejectedException e) {
      return QueryOutcome.failed(kind, transform, id, "query: " + e.getMessage());
    }
    return new QueryOutcome(
        kind,
        transform,
        id,
        a.bestId(),
        a.bestScore(),
        a.rightScore(),
        a.bestDetail(),
        "",
        a.rightPath());
  }

  private void save(String id, Transform t, byte[] bytes) {
    String ext =
        switch (t.encoding()) {
          case PNG -> "png";
          case GIF -> "gif";
          case WEBP -> "webp";
          default -> "jpg";
        };
    Path file =
        saveEdits.resolve(
            id.replace('/', '_') + "." + t.name().toLowerCase(Locale.ROOT) + "." + ext);
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      log("could not save %s: %s", file, e.getMessage());
    }
  }

  /**
   * The held-out photographs as collage tiles: never an indexed one, so that a collage matches only
   * through its copy.
   */
  private CollageTiles collageTiles(Corpus corpus) {
    SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.defaults());
    List<BufferedImage> pictures = new ArrayList<>();
    for (String id : corpus.distractors()) {
      try {
        // Scaled as it is read: 188 full-size pictures would take a gigabyte.
        pictures.add(
            CollageTiles.small(decoder.decode(Files.readAllBytes(corpus.file(id))).pixels()));
      } catch (IOException | ImageRejectedException | RuntimeException e) {
        log("not a collage tile: %s (%s)", id, e.getMessage());
      }
    }
    return CollageTiles.of(pictures);
  }

  /** The file bytes of original {@code id}: a generated flat picture's, or the photo's. */
  private static byte[] read(Corpus corpus, Map<String, byte[]> flat, String id)
      throws IOException {
    byte[] generated = flat.get(id);
    return generated != null ? generated : Files.readAllBytes(corpus.file(id));
  }

  private static <T> T get(Future<T> f) throws InterruptedException, IOException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  private void log(String pattern, Object... args) {
    if (!quiet) {
      System.err.println(String.format(Locale.ROOT, pattern, args));
    }
  }
}
