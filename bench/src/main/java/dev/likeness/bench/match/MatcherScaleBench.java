package dev.likeness.bench.match;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHash;
import dev.likeness.core.hash.LumaImage;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.image.Thumbnailer;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.keypoint.KeypointExtractor;
import dev.likeness.core.keypoint.Keypoints;
import dev.likeness.core.match.BandHashes;
import dev.likeness.core.match.ImageMatcher;
import dev.likeness.core.match.MatchFeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.MatchHit;
import dev.likeness.core.match.Reference;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the {@link ImageMatcher} costs: feature extraction per image on real photographs, bytes
 * stored per image, heap per indexed image, and search latency with N images indexed.
 *
 * <p>The fill: N − (real photos) synthetic images, each 160 keypoints drawn at random from all the
 * real photographs' keypoints (descriptor, position, scale, angle), with about 12 % of every
 * descriptor's bits flipped, and a random whole hash. So posting lists keep the skew of real
 * descriptors (popular words stay popular) and every query keypoint finds look-alikes in the fill,
 * but no fill image is a geometrically consistent copy of anything: unrelated photographs of a
 * large collection. The fill is regenerated from its seed on demand, so it costs no heap beyond the
 * indexes. Queries are edited copies (crop 25 %, centre crop 70 %, JPEG q20 re-encode) of indexed
 * photos.
 */
@Command(
    name = "matcher-scale-bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Extraction time, stored bytes, heap per image and search latency of the ImageMatcher.")
public final class MatcherScaleBench implements Callable<Integer> {
  @Option(names = "--photos", required = true, description = "Folder of real photographs.")
  Path photos;

  @Option(
      names = "--images",
      defaultValue = "100000",
      description = "Images indexed in total (real + fill).")
  int images;

  @Option(
      names = "--real",
      defaultValue = "100",
      description = "Real photographs to index and query.")
  int real;

  @Option(names = "--queries", defaultValue = "300", description = "Searches timed.")
  int queries;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MatcherScaleBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(photos)) {
      files =
          s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
              .sorted()
              .limit(real)
              .toList();
    }
    SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.defaults());
    MatchFeatureExtractor extractor = new MatchFeatureExtractor();
    List<BufferedImage> pixels = new ArrayList<>();
    List<MatchFeatures> indexed = new ArrayList<>();
    List<LumaImage> pictures = new ArrayList<>();
    long storedBytes = 0;
    for (Path f : files) {
      pixels.add(decoder.decode(Files.readAllBytes(f)).pixels());
    }
    // Warm up the JIT on a few images before timing.
    for (int i = 0; i < Math.min(10, pixels.size()); i++) {
      extractor.forQuery(pixels.get(i));
    }
    long t0 = System.nanoTime();
    for (BufferedImage img : pixels) {
      indexed.add(extractor.forIndex(img));
    }
    double indexMs = (System.nanoTime() - t0) / 1e6 / pixels.size();
    for (int i = 0; i < pixels.size(); i++) {
      storedBytes += KeypointCodec.encode(indexed.get(i).keypoints()).length;
      pictures.add(
          Reference.luma(
              ImageIO.read(new ByteArrayInputStream(new Thumbnailer().jpeg(pixels.get(i), 256)))));
    }
    System.out.printf(
        Locale.ROOT,
        "extraction (one thread): %.1f ms per indexed image (trimmed PDQ + keypoints)%n",
        indexMs);
    System.out.printf(
        Locale.ROOT,
        "stored: %.0f bytes per image of keypoint block (format %d, %d keypoints max)%n",
        (double) storedBytes / pixels.size(),
        KeypointCodec.VERSION,
        KeypointExtractor.DEFAULT_MAX_KEYPOINTS);

    int fill = Math.max(0, images - pixels.size());
    Reference[] realRefs = new Reference[pixels.size()];
    for (int i = 0; i < realRefs.length; i++) {
      MatchFeatures f = indexed.get(i);
      realRefs[i] =
          new Reference(
              f.whole().original(), f.whole().quality(), f.keypoints(), f.bands(), pictures.get(i));
    }
    ImageMatcher matcher =
        new ImageMatcher(
            id -> {
              if (id.startsWith("real-")) {
                return realRefs[Integer.parseInt(id.substring(5))];
              }
              int n = Integer.parseInt(id.substring(5));
              int base = baseOf(n, realRefs.length);
              return new Reference(
                  realRefs[base].whole(),
                  100,
                  fillKeypoints(n, realRefs),
                  fillBands(n),
                  pictures.get(base));
            });
    System.gc();
    long heapBefore = usedHeap();
    long t1 = System.nanoTime();
    SplittableRandom hashes = new SplittableRandom(7);
    for (int n = 0; n < fill; n++) {
      matcher.put(
          "fill-" + n,
          Hash256.ofWords(
              hashes.nextLong(), hashes.nextLong(), hashes.nextLong(), hashes.nextLong()),
          null,
          100,
          fillKeypoints(n, realRefs));
    }
    for (int i = 0; i < realRefs.length; i++) {
      matcher.put("real-" + i, indexed.get(i));
    }
    double fillSeconds = (System.nanoTime() - t1) / 1e9;
    System.gc();
    long heapAfter = usedHeap();
    int total = matcher.size();
    System.out.printf(
        Locale.ROOT, "indexed %d images (%d fill) in %.1f s%n", total, fill, fillSeconds);
    System.out.printf(
        Locale.ROOT,
        "heap per image: keypoint index %.0f B (%d postings, %.1f per image), whole-hash index %.0f B;"
            + " measured heap growth %.0f B per image%n",
        (double) matcher.keypointIndex().heapBytes() / total,
        matcher.keypointIndex().postings(),
        (double) matcher.keypointIndex().postings() / total,
        (double) matcher.wholeIndex().footprint().totalBytes() / total,
        (double) (heapAfter - heapBefore) / total);

    // Queries: edited copies of the real photos.
    List<MatchFeatures> qs = new ArrayList<>();
    List<String> rights = new ArrayList<>();
    long t2 = System.nanoTime();
    for (int q = 0; q < queries; q++) {
      int i = q % pixels.size();
      BufferedImage img = pixels.get(i);
      BufferedImage edited =
          switch (q % 3) {
            case 0 -> img.getSubimage(0, 0, img.getWidth(), img.getHeight() * 3 / 4);
            case 1 ->
                img.getSubimage(
                    img.getWidth() * 15 / 100,
                    img.getHeight() * 15 / 100,
                    img.getWidth() * 7 / 10,
                    img.getHeight() * 7 / 10);
            default -> img;
          };
      qs.add(extractor.forQuery(edited));
      rights.add("real-" + i);
    }
    double queryExtractMs = (System.nanoTime() - t2) / 1e6 / queries;
    for (int w = 0; w < Math.min(50, qs.size()); w++) {
      matcher.search(qs.get(w), 10, ImageMatcher.DEFAULT_THRESHOLD);
    }
    double[] ms = new double[queries];
    int found = 0;
    for (int q = 0; q < queries; q++) {
      long s = System.nanoTime();
      List<MatchHit> hits = matcher.search(qs.get(q), 10, ImageMatcher.DEFAULT_THRESHOLD);
      ms[q] = (System.nanoTime() - s) / 1e6;
      if (!hits.isEmpty() && hits.get(0).id().equals(rights.get(q))) {
        found++;
      }
    }
    // The voting alone (direct keypoints), to see where the search time goes.
    double[] vote = new double[queries];
    for (int q = 0; q < queries; q++) {
      long s = System.nanoTime();
      matcher.keypointIndex().candidates(qs.get(q).keypoints(), 20, 3);
      vote[q] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(vote);
    System.out.printf(
        Locale.ROOT,
        "keypoint voting alone: p50 %.2f ms, p95 %.2f ms%n",
        vote[queries / 2],
        vote[(int) (queries * 0.95)]);
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "query extraction (one thread): %.1f ms (trimmed PDQ + keypoints, direct and"
            + " mirrored)%n",
        queryExtractMs);
    System.out.printf(
        Locale.ROOT,
        "search at %d images (one thread): p50 %.2f ms, p95 %.2f ms, max %.2f ms;"
            + " top-1 right %d/%d%n",
        total,
        ms[queries / 2],
        ms[(int) (queries * 0.95)],
        ms[queries - 1],
        found,
        queries);
    return 0;
  }

  private static int baseOf(int n, int reals) {
    return (int) Math.floorMod(n * 0x9E3779B97F4A7C15L >>> 17, (long) reals);
  }

  /** Fill image {@code n}'s band hashes: random, as an unrelated picture's are to a query's. */
  static BandHashes fillBands(int n) {
    SplittableRandom r = new SplittableRandom(0x5EEDL * 31 + n);
    List<PdqHash> bands = new ArrayList<>();
    for (int i = 0; i < BandHashes.COUNT; i++) {
      bands.add(
          new PdqHash(
              Hash256.ofWords(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()), 100));
    }
    return new BandHashes(bands);
  }

  /** The keypoints of fill image {@code n}: random real keypoints, ~12 % of their bits flipped. */
  static Keypoints fillKeypoints(int n, Reference[] reals) {
    SplittableRandom r = new SplittableRandom(n * 31L + 17);
    int count = KeypointExtractor.DEFAULT_MAX_KEYPOINTS;
    float[] x = new float[count];
    float[] y = new float[count];
    float[] size = new float[count];
    float[] angle = new float[count];
    long[] d = new long[Keypoints.WORDS * count];
    for (int i = 0; i < count; i++) {
      Keypoints from = reals[r.nextInt(reals.length)].keypoints();
      if (from.count() == 0) {
        continue;
      }
      int j = r.nextInt(from.count());
      x[i] = from.x()[j] * 511f / from.frameWidth();
      y[i] = from.y()[j] * 383f / from.frameHeight();
      size[i] = from.size()[j];
      angle[i] = from.angle()[j];
      for (int w = 0; w < Keypoints.WORDS; w++) {
        d[Keypoints.WORDS * i + w] =
            from.descriptors()[Keypoints.WORDS * j + w]
                ^ (r.nextLong() & r.nextLong() & r.nextLong());
      }
    }
    return new Keypoints(512, 384, x, y, size, angle, d);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
