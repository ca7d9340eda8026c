package dev.likeness.bench.jmh;

import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.SafeImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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

/**
 * Decoding uploads: JPEG baseline vs progressive at about 1, 2 and 12 MP, and PNG at 1 MP, with the
 * project's {@link SafeImageDecoder} on libjpeg-turbo ({@code turbo}: DCT-scaled to ≥ 1024 px) and
 * on ImageIO ({@code safe}: subsampled to ≥ 1024 px), both with limits and orientation, vs a plain
 * full-size {@code ImageIO.read} (the anchor). Inputs are encoded in memory at setup. {@code turbo}
 * needs libturbojpeg; PNG takes ImageIO in both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class DecodeBench {
  @Param({
    "jpeg-baseline-1mp",
    "jpeg-progressive-1mp",
    "jpeg-baseline-2mp",
    "jpeg-progressive-2mp",
    "jpeg-baseline-12mp",
    "jpeg-progressive-12mp",
    "png-1mp"
  })
  String input;

  @Param({"turbo", "safe", "imageio"})
  String decoder;

  private SafeImageDecoder safe;
  private byte[] bytes;

  @Setup(Level.Trial)
  public void encode() throws IOException {
    if (decoder.equals("turbo")) {
      safe = new SafeImageDecoder(ImageLimits.defaults(), true);
      if (!safe.usesNativeJpeg()) {
        throw new IllegalStateException(
            "libturbojpeg is not installed (apt-get install libturbojpeg0)");
      }
    } else {
      safe = new SafeImageDecoder(ImageLimits.defaults(), false);
    }
    BufferedImage img =
        input.endsWith("12mp")
            ? SyntheticPhotos.photoLike(4240, 2832, 12)
            : input.endsWith("2mp")
                ? SyntheticPhotos.photoLike(1732, 1155, 2)
                : SyntheticPhotos.photoLike(1224, 816, 1);
    bytes =
        input.startsWith("png")
            ? SyntheticPhotos.png(img)
            : SyntheticPhotos.jpeg(img, input.contains("progressive"));
    System.out.printf(
        "%n[input] %s: %d×%d, %d KiB%n",
        input, img.getWidth(), img.getHeight(), bytes.length / 1024);
  }

  @Benchmark
  public Object decode() throws IOException, ImageRejectedException {
    if (!decoder.equals("imageio")) {
      return safe.decode(bytes);
    }
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
    if (img == null) {
      throw new IOException("no reader for " + input);
    }
    return img;
  }
}
