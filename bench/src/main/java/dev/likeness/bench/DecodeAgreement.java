package dev.likeness.bench;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.image.DecodedImage;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.SafeImageDecoder;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * How far the PDQ hash of a reduced decode (ImageIO subsampling, libjpeg-turbo DCT scaling at
 * several sizes) lies from the hash of the full-size decode, and what each decode costs, on folders
 * of real JPEGs. Prints a Markdown table; the reference and the anchor ({@code ImageIO.read}, full
 * size) are measured in the same run.
 */
@Command(
    name = "decode-agreement",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "PDQ distance of reduced decodes to the full-size decode, and decode times.")
public final class DecodeAgreement implements Callable<Integer> {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Parameters(arity = "1..*", description = "Folders of JPEG files.")
  List<Path> folders;

  @Option(
      names = "--sides",
      split = ",",
      defaultValue = "1024,512",
      description = "Longest sides to decode at (ImageLimits.decodeLongestSide).")
  int[] sides;

  @Option(
      names = "--reps",
      defaultValue = "3",
      description = "Timed decodes per file and decoder (median kept).")
  int reps;

  @Option(names = "--limit", defaultValue = "1000", description = "Files per folder at most.")
  int limit;

  /** Runs the comparison. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DecodeAgreement()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PdqHasher hasher = new PdqHasher();
    SafeImageDecoder full =
        new SafeImageDecoder(
            new ImageLimits(
                ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, Integer.MAX_VALUE),
            false);
    Map<String, SafeImageDecoder> decoders = new LinkedHashMap<>();
    for (int side : sides) {
      ImageLimits limits =
          new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, side);
      decoders.put("imageio-subsampled@" + side, new SafeImageDecoder(limits, false));
      SafeImageDecoder turbo = new SafeImageDecoder(limits, true);
      if (turbo.usesNativeJpeg()) {
        decoders.put("turbo@" + side, turbo);
      }
    }
    System.out.printf("load average at start: %.2f%n", loadAverage());
    for (Path folder : folders) {
      List<Path> files;
      try (Stream<Path> s = Files.list(folder)) {
        files =
            s.filter(p -> p.toString().matches("(?i).*\\.jpe?g$")).sorted().limit(limit).toList();
      }
      Map<String, List<Double>> distance = new LinkedHashMap<>();
      Map<String, List<Double>> millis = new LinkedHashMap<>();
      Map<String, List<Double>> hashMillis = new LinkedHashMap<>();
      List<Double> plainRead = new ArrayList<>();
      List<Double> megapixels = new ArrayList<>();
      List<Integer> quality = new ArrayList<>();
      for (Path file : files) {
        byte[] bytes = Files.readAllBytes(file);
        DecodedImage reference;
        try {
          reference = full.decode(bytes);
        } catch (Exception e) {
          continue;
        }
        megapixels.add(reference.width() * (double) reference.height() / 1e6);
        var truthHash = hasher.hash(reference.pixels());
        Hash256 truth = truthHash.hash();
        quality.add(truthHash.quality());
        plainRead.add(median(time(() -> ImageIO.read(new ByteArrayInputStream(bytes)))));
        for (Map.Entry<String, SafeImageDecoder> e : decoders.entrySet()) {
          DecodedImage[] last = new DecodedImage[1];
          millis
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(median(time(() -> last[0] = e.getValue().decode(bytes))));
          long t0 = THREADS.getCurrentThreadCpuTime();
          Hash256 h = hasher.hash(last[0].pixels()).hash();
          hashMillis
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add((THREADS.getCurrentThreadCpuTime() - t0) / 1e6);
          distance
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add((double) truth.distance(h));
        }
      }
      double anchor = median(plainRead);
      System.out.printf(
          "%n%s: %d JPEGs, median %.2f MP; load average now %.2f%n%n",
          folder, plainRead.size(), median(megapixels), loadAverage());
      System.out.println(
          "| decode | median CPU ms | vs ImageIO.read | PDQ ms after | bits from full-size hash: median / p90 / p99 / max"
              + " | quality ≥ 80: n: median / p99 / max |");
      System.out.println("|---|---|---|---|---|---|");
      System.out.printf("| ImageIO.read, full size (anchor) | %.1f | 1.00 | | | |%n", anchor);
      for (String name : decoders.keySet()) {
        double[] d = sorted(distance.get(name));
        List<Double> good = new ArrayList<>();
        for (int i = 0; i < quality.size(); i++) {
          if (quality.get(i) >= 80) {
            good.add(distance.get(name).get(i));
          }
        }
        double[] g = sorted(good);
        double ms = median(millis.get(name));
        System.out.printf(
            "| %s | %.1f | %.2f | %.1f | %.0f / %.0f / %.0f / %.0f | %d: %.0f / %.0f / %.0f |%n",
            name,
            ms,
            ms / anchor,
            median(hashMillis.get(name)),
            pct(d, 50),
            pct(d, 90),
            pct(d, 99),
            d[d.length - 1],
            g.length,
            pct(g, 50),
            pct(g, 99),
            g.length == 0 ? Double.NaN : g[g.length - 1]);
      }
    }
    return 0;
  }

  private interface Work {
    void run() throws Exception;
  }

  private List<Double> time(Work work) throws Exception {
    List<Double> out = new ArrayList<>();
    // Thread CPU time (native code included): other processes on a shared machine inflate wall
    // time, not this.
    for (int i = 0; i < reps; i++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      work.run();
      out.add((THREADS.getCurrentThreadCpuTime() - t0) / 1e6);
    }
    return out;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double[] sorted(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  private static double median(List<Double> values) {
    return pct(sorted(values), 50);
  }

  private static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
