package dev.likeness.bench.jmh;

import boofcv.abst.feature.detdesc.DetectDescribePoint;
import boofcv.factory.feature.detdesc.FactoryDetectDescribe;
import boofcv.struct.feature.TupleDesc_B;
import boofcv.struct.image.GrayF32;
import dev.likeness.core.keypoint.KeypointExtractor;
import dev.likeness.core.keypoint.Keypoints;
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
 * Keypoints of one 512-px keypoint frame (of a 1280 × 853 photo-like image): Likeness's extractor
 * (its own Fast-Hessian, then BoofCV's orientation and BRIEF) against BoofCV's fused
 * detect-describe in the same configuration, the anchor. Both give the same keypoints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "--add-modules=jdk.incubator.vector"})
public class KeypointBench {
  private final KeypointExtractor extractor = new KeypointExtractor();
  private DetectDescribePoint<GrayF32, TupleDesc_B> boofcv;
  private GrayF32 frame;

  @Setup(Level.Trial)
  public void frame() {
    frame = extractor.frame(SyntheticPhotos.photoLike(1280, 853, 7)).clone();
    boofcv =
        FactoryDetectDescribe.generic(
            KeypointExtractor.config(KeypointExtractor.DEFAULT_MAX_KEYPOINTS), GrayF32.class);
  }

  @Benchmark
  public Keypoints likeness() {
    return extractor.extract(frame);
  }

  @Benchmark
  public int boofcv() {
    boofcv.detect(frame);
    return boofcv.getNumberOfFeatures();
  }
}
