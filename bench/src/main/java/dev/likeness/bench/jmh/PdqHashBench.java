package dev.likeness.bench.jmh;

import dev.likeness.contract.hash.PdqHash;
import dev.likeness.core.hash.PdqHasher;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** PDQ hash of an in-memory RGB image at about 1 MP and 12 MP (no decode). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class PdqHashBench {
  @Param({"1", "12"})
  int megapixels;

  private final PdqHasher hasher = new PdqHasher();
  private BufferedImage image;

  @Setup(Level.Trial)
  public void image() {
    // 3:2 photos: 1224×816 ≈ 1.0 MP, 4240×2832 ≈ 12.0 MP.
    image =
        megapixels == 12
            ? SyntheticPhotos.photoLike(4240, 2832, 12)
            : SyntheticPhotos.photoLike(1224, 816, 1);
  }

  @Benchmark
  public PdqHash hash() {
    return hasher.hash(image);
  }
}
