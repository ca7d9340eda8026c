package dev.likeness.bench.jmh;

import dev.likeness.core.match.MatchFeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The matching features of a decoded 1280 × 853 photo-like image (no decode): what an indexed image
 * costs (whole and trimmed PDQ, keypoints) and what a query costs (the same, plus its keypoint
 * frame and mirrored keypoints).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "--add-modules=jdk.incubator.vector"})
public class FeatureExtractionBench {
  private final MatchFeatureExtractor extractor = new MatchFeatureExtractor();
  private BufferedImage image;

  @Setup(Level.Trial)
  public void image() {
    image = SyntheticPhotos.photoLike(1280, 853, 7);
  }

  @Benchmark
  public MatchFeatures indexed() {
    return extractor.forIndex(image);
  }

  @Benchmark
  public MatchFeatures query() {
    return extractor.forQuery(image);
  }
}
