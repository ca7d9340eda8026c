package dev.likeness.core.keypoint;

import static org.assertj.core.api.Assertions.assertThat;

import boofcv.alg.feature.detect.interest.FastHessianFeatureDetector;
import boofcv.alg.transform.ii.GIntegralImageOps;
import boofcv.factory.feature.detect.interest.FactoryInterestPointAlgs;
import boofcv.struct.feature.ScalePoint;
import boofcv.struct.image.GrayF32;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.ddogleg.struct.FastArray;
import org.junit.jupiter.api.Test;

/** BoofCV's own Fast-Hessian detector, in the configuration we use, is the oracle. */
class FastHessianTest {
  private static final int MAX = KeypointExtractor.DEFAULT_MAX_KEYPOINTS;
  // One detector for all images, as in an indexing thread: its buffers hold the last image's
  // values wherever it does not compute, so reading a pixel it skipped would show.
  private final FastHessian detector = new FastHessian(4, MAX);
  // The scalar loops, as without the vector module; the build's tests run with it, so the default
  // detector runs on vectors (HessianRowsTest checks that).
  private final FastHessian scalar = new FastHessian(4, MAX, false);

  @Test
  void findsBoofCvsKeypointsOnEverySeedPhoto() throws IOException {
    KeypointExtractor frames = new KeypointExtractor();
    List<Path> photos;
    try (Stream<Path> files = Files.list(Path.of("..", "seeds"))) {
      photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    assertThat(photos).hasSizeGreaterThanOrEqualTo(50);
    int keypoints = 0;
    for (Path photo : photos) {
      GrayF32 frame = frames.frame(ImageIO.read(photo.toFile()));
      keypoints += assertSameAsBoofCv(frame, photo.getFileName().toString());
    }
    assertThat(keypoints).isGreaterThan(photos.size() * MAX / 2);
  }

  @Test
  void findsBoofCvsKeypointsOnNoiseOfAnySize() {
    Random random = new Random(7);
    // Odd sizes, sizes where the last octaves do not fit, and ones where a kernel's border
    // covers the whole sampled image.
    int[][] sizes = {
      {512, 384},
      {384, 512},
      {511, 383},
      {200, 61},
      {61, 200},
      {100, 100},
      {27, 27},
      {50, 9},
      {8, 8}
    };
    for (int[] size : sizes) {
      GrayF32 image = new GrayF32(size[0], size[1]);
      for (int i = 0; i < image.data.length; i++) {
        image.data[i] = random.nextInt(256);
      }
      assertSameAsBoofCv(image, size[0] + "x" + size[1]);
    }
  }

  @Test
  void aFlatImageHasNoKeypointsOnEitherDetector() {
    GrayF32 flat = new GrayF32(300, 200);
    Arrays.fill(flat.data, 128f);
    assertThat(assertSameAsBoofCv(flat, "flat")).isZero();
  }

  @Test
  void computesOnlyANarrowBandOutsideBoofCvsInnerLoop() {
    GrayF32 image = new GrayF32(512, 384);
    detector.detect(GIntegralImageOps.transform(image, null));
    // The last octave: kernels 51, 99, 147, 195 sampled every 8 pixels. The 99 is searched from
    // 99 / 16 = 6 pixels in; BoofCV's inner loop starts at 7, so one pixel a side takes the sparse
    // kernels. The 147 is read as the 99's neighbour in scale from 6 + 2 - 1 = 7 in; its inner loop
    // starts at 10: 3 pixels, where BoofCV computes 10. The 51 and the 195 are computed only
    // around the maxima.
    assertThat(detector.firstComputed(1)).isEqualTo(6);
    assertThat(detector.firstComputed(2)).isEqualTo(7);
  }

  /** Asserts that both detectors give the same keypoints in the same order; returns how many. */
  private int assertSameAsBoofCv(GrayF32 image, String name) {
    GrayF32 integral = GIntegralImageOps.transform(image, null);
    FastHessianFeatureDetector<GrayF32> oracle =
        FactoryInterestPointAlgs.fastHessian(KeypointExtractor.config(MAX).detectFastHessian);
    oracle.detect(integral);
    List<ScalePoint> expected = oracle.getFoundFeatures();
    assertSame(expected, scalar.detect(integral), name + " (scalar)");
    FastArray<ScalePoint> actual = detector.detect(integral);
    assertSame(expected, actual, name);
    return actual.size;
  }

  private static void assertSame(
      List<ScalePoint> expected, FastArray<ScalePoint> actual, String name) {
    assertThat(actual.size).as(name).isEqualTo(expected.size());
    for (int i = 0; i < actual.size; i++) {
      ScalePoint a = actual.get(i);
      ScalePoint e = expected.get(i);
      assertThat(a.pixel.x).as("%s #%d x", name, i).isEqualTo(e.pixel.x);
      assertThat(a.pixel.y).as("%s #%d y", name, i).isEqualTo(e.pixel.y);
      assertThat(a.scale).as("%s #%d scale", name, i).isEqualTo(e.scale);
      assertThat(a.intensity).as("%s #%d intensity", name, i).isEqualTo(e.intensity);
    }
  }
}
