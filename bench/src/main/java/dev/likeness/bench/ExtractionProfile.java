package dev.likeness.bench;

import boofcv.abst.feature.detdesc.DetectDescribePoint;
import boofcv.factory.feature.detdesc.FactoryDetectDescribe;
import boofcv.struct.feature.TupleDesc_B;
import boofcv.struct.image.GrayF32;
import com.sun.management.OperatingSystemMXBean;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.feature.ImageSource;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.image.DecodedImage;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.image.Thumbnailer;
import dev.likeness.core.keypoint.KeypointExtractor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where feature extraction spends its CPU per image, stage by stage (decode, PDQ in 8 forms,
 * thumbnail), with the decoder the node uses (libjpeg-turbo when installed) and with the ImageIO
 * path, on folders of images; then the keypoints of each image's frame against BoofCV's own
 * detector. Prints Markdown tables of medians of thread CPU time.
 */
@Command(
    name = "extraction-profile",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "CPU time per extraction stage and image.")
public final class ExtractionProfile implements Callable<Integer> {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Parameters(arity = "1..*", description = "Folders of images.")
  List<Path> folders;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Passes over each folder; the first warms up.")
  int rounds;

  /** Runs the profile. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ExtractionProfile()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PdqHasher hasher = new PdqHasher();
    Thumbnailer thumbnailer = new Thumbnailer();
    System.out.printf("load average at start: %.2f%n%n", loadAverage());
    System.out.println(
        "| folder | decoder | decode | PDQ 8 forms | thumbnail | sum | FeatureExtractor.extract |"
            + " extract, all threads |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Path folder : folders) {
      List<byte[]> images = images(folder);
      for (boolean nativeJpeg : new boolean[] {true, false}) {
        SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.defaults(), nativeJpeg);
        if (nativeJpeg && !decoder.usesNativeJpeg()) {
          continue;
        }
        FeatureExtractor extractor = new FeatureExtractor(ImageLimits.defaults(), nativeJpeg);
        List<Double> decode = new ArrayList<>();
        List<Double> pdq = new ArrayList<>();
        List<Double> thumb = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        List<Double> wholeProcess = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          for (byte[] bytes : images) {
            long t0 = cpu();
            DecodedImage image = decoder.decode(bytes);
            long t1 = cpu();
            hasher.hashAllForms(image.pixels());
            long t2 = cpu();
            thumbnailer.jpeg(image.pixels(), FeatureExtractor.THUMBNAIL_SIDE);
            long t3 = cpu();
            long p0 = processCpu();
            extractor.extract(bytes, ImageSource.uploadedAt(0), 0);
            long t4 = cpu();
            long p1 = processCpu();
            if (round > 0) {
              decode.add((t1 - t0) / 1e6);
              pdq.add((t2 - t1) / 1e6);
              thumb.add((t3 - t2) / 1e6);
              whole.add((t4 - t3) / 1e6);
              wholeProcess.add((p1 - p0) / 1e6);
            }
          }
        }
        double d = median(decode);
        double p = median(pdq);
        double t = median(thumb);
        System.out.printf(
            "| %s (%d) | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
            folder.getFileName(),
            images.size(),
            nativeJpeg ? "libjpeg-turbo" : "ImageIO",
            d,
            p,
            t,
            d + p + t,
            median(whole),
            median(wholeProcess));
      }
    }
    System.out.printf(
        "%nms of thread CPU time, medians over %d passes after one warm-up; load average at the end"
            + " %.2f%n",
        rounds - 1, loadAverage());
    keypoints();
    return 0;
  }

  /**
   * The keypoints of each image's 512-px frame, by Likeness's extractor and by BoofCV's fused
   * detect-describe in the same configuration (the anchor), alternating image by image.
   */
  private void keypoints() throws Exception {
    System.out.println();
    System.out.println(
        "| folder | keypoints of the frame: Likeness | BoofCV (anchor) | ratio | keypoints per image |");
    System.out.println("|---|---|---|---|---|");
    KeypointExtractor likeness = new KeypointExtractor();
    DetectDescribePoint<GrayF32, TupleDesc_B> boofcv =
        FactoryDetectDescribe.generic(
            KeypointExtractor.config(KeypointExtractor.DEFAULT_MAX_KEYPOINTS), GrayF32.class);
    SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.defaults());
    for (Path folder : folders) {
      List<GrayF32> frames = new ArrayList<>();
      for (byte[] bytes : images(folder)) {
        frames.add(likeness.frame(decoder.decode(bytes).pixels()).clone());
      }
      List<Double> ours = new ArrayList<>();
      List<Double> theirs = new ArrayList<>();
      long found = 0;
      for (int round = 0; round < rounds; round++) {
        for (GrayF32 frame : frames) {
          long t0 = cpu();
          int n = likeness.extract(frame).count();
          long t1 = cpu();
          boofcv.detect(frame);
          long t2 = cpu();
          if (round > 0) {
            ours.add((t1 - t0) / 1e6);
            theirs.add((t2 - t1) / 1e6);
            found += n;
          }
        }
      }
      double a = median(ours);
      double b = median(theirs);
      System.out.printf(
          "| %s (%d) | %.2f | %.2f | %.2f× | %d |%n",
          folder.getFileName(),
          frames.size(),
          a,
          b,
          b / a,
          frames.isEmpty() ? 0 : found / ((long) (rounds - 1) * frames.size()));
    }
    System.out.printf(
        "%nms of thread CPU time, medians; load average at the end %.2f%n", loadAverage());
  }

  private static List<byte[]> images(Path folder) throws IOException {
    List<byte[]> images = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p :
          s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList()) {
        images.add(Files.readAllBytes(p));
      }
    }
    return images;
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  // Work that extraction hands to other threads (BoofCV's concurrent kernels, when enabled) shows
  // only in the process's CPU time.
  private static long processCpu() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[(v.length - 1) / 2];
  }
}
