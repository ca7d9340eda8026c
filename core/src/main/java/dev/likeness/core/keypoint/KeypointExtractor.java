package dev.likeness.core.keypoint;

import boofcv.BoofDefaults;
import boofcv.abst.feature.describe.DescribePointRadiusAngle;
import boofcv.abst.feature.orientation.ConfigOrientation2;
import boofcv.abst.feature.orientation.OrientationIntegral;
import boofcv.alg.transform.ii.GIntegralImageOps;
import boofcv.concurrency.BoofConcurrency;
import boofcv.factory.feature.describe.ConfigDescribeRegion;
import boofcv.factory.feature.describe.FactoryDescribePointRadiusAngle;
import boofcv.factory.feature.detdesc.ConfigDetectDescribe;
import boofcv.factory.feature.detect.interest.ConfigDetectInterestPoint;
import boofcv.factory.feature.detect.selector.ConfigSelectLimit;
import boofcv.factory.feature.orientation.FactoryOrientation;
import boofcv.struct.feature.ScalePoint;
import boofcv.struct.feature.TupleDesc_B;
import boofcv.struct.image.GrayF32;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Arrays;
import org.ddogleg.struct.FastArray;

/**
 * Finds the strongest scale- and rotation-invariant keypoints of an image and describes them with
 * 256-bit binary descriptors: BoofCV's Fast-Hessian detector (SURF's), its integral-image
 * orientation, and oriented, scaled BRIEF. The image is first scaled so its longest side is {@link
 * #FRAME_SIDE}, which fixes the cost and makes keypoint scales comparable between copies of
 * different sizes.
 *
 * <p>Not thread-safe (BoofCV keeps work buffers): use one per thread.
 */
public final class KeypointExtractor {
  /** Longest side of the keypoint frame in pixels. */
  public static final int FRAME_SIDE = 512;

  /** Default number of keypoints kept per image (the strongest). */
  public static final int DEFAULT_MAX_KEYPOINTS = 160;

  static {
    // Likeness runs one extraction per core already (a stream thread each, a worker per request);
    // BoofCV's per-image threads on top only add hand-off costs: about 80 -> 70 ms of CPU per
    // 2 MP image. BoofCV reads the flag when its factories build a detector and on every call.
    BoofConcurrency.USE_CONCURRENT = false;
  }

  private final FastHessian detector;
  // One integral image serves the detector and the orientation stage.
  private final OrientationIntegral<GrayF32> orientation;
  private final DescribePointRadiusAngle<GrayF32, TupleDesc_B> describe;
  private final GrayF32 frame = new GrayF32(1, 1);
  private final GrayF32 flipped = new GrayF32(1, 1);
  private final GrayF32 integral = new GrayF32(1, 1);

  /** An extractor keeping the {@link #DEFAULT_MAX_KEYPOINTS} strongest keypoints. */
  public KeypointExtractor() {
    this(DEFAULT_MAX_KEYPOINTS);
  }

  /** An extractor keeping at most {@code maxKeypoints} keypoints, the strongest. */
  public KeypointExtractor(int maxKeypoints) {
    if (maxKeypoints < 1 || maxKeypoints > 0xFFFF) {
      throw new IllegalArgumentException("maxKeypoints " + maxKeypoints);
    }
    ConfigDetectDescribe config = config(maxKeypoints);
    // The stages that FactoryDetectDescribe.generic(config) fuses, run here one by one so that
    // orientation and description can also run without detection (see mirrored), and with our
    // FastHessian in place of BoofCV's (the same keypoints: FastHessianTest,
    // KeypointExtractorTest).
    // The integral image of a GrayF32 is a GrayF32 (GIntegralImageOps.getIntegralType).
    this.orientation = FactoryOrientation.genericIntegral(config.orientation, GrayF32.class);
    this.describe =
        new StatelessBrief(
            FactoryDescribePointRadiusAngle.brief(config.describeBrief, GrayF32.class));
    this.detector = new FastHessian(config.detectFastHessian.numberOfOctaves, maxKeypoints);
  }

  /** The detector configuration: Fast-Hessian, strongest first, oriented and scaled BRIEF. */
  public static ConfigDetectDescribe config(int maxKeypoints) {
    ConfigDetectDescribe config = new ConfigDetectDescribe();
    config.typeDetector = ConfigDetectInterestPoint.Type.FAST_HESSIAN;
    config.detectFastHessian.maxFeaturesAll = maxKeypoints;
    // Strongest first, not uniform: the strongest responses are the ones that survive re-encoding.
    config.detectFastHessian.selector = ConfigSelectLimit.selectBestN();
    config.detectFastHessian.extract.threshold = 0;
    config.detectFastHessian.extract.radius = 2;
    config.detectFastHessian.numberOfOctaves = 4;
    config.typeDescribe = ConfigDescribeRegion.Type.BRIEF;
    config.describeBrief.fixed = false; // scale- and orientation-aware BRIEF
    config.describeBrief.numPoints = Keypoints.BITS;
    config.orientation.type = ConfigOrientation2.Type.AVERAGE;
    return config;
  }

  /**
   * The keypoints of the left-right mirror of {@code luma} (a keypoint frame), at the mirror images
   * of {@code direct}, its own keypoints: oriented and described again on the mirrored pixels,
   * without a second detection. The Hessian's determinant does not change under a mirror, so
   * detecting again would find the same points (up to the sampling grid) at about the cost of the
   * first extraction.
   */
  public Keypoints mirrored(GrayF32 luma, Keypoints direct) {
    int w = luma.width;
    int h = luma.height;
    flipped.reshape(w, h);
    for (int y = 0; y < h; y++) {
      int row = luma.startIndex + y * luma.stride;
      int out = y * w;
      for (int x = 0; x < w; x++) {
        flipped.data[out + x] = luma.data[row + w - 1 - x];
      }
    }
    orientation.setImage(integralOf(flipped));
    describe.setImage(flipped);
    int n = direct.count();
    double[] x = new double[n];
    double[] y = new double[n];
    double[] radius = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = w - 1 - direct.x()[i];
      y[i] = direct.y()[i];
      radius[i] = direct.size()[i];
    }
    return describeAt(w, h, x, y, radius);
  }

  /** The keypoints of {@code image} in its keypoint frame. */
  public Keypoints extract(BufferedImage image) {
    return extract(frame(image));
  }

  /** The keypoints of a luminance image that already is a keypoint frame (see {@link #frame}). */
  public Keypoints extract(GrayF32 luma) {
    // At most maxKeypoints: the detector keeps that many, the strongest.
    FastArray<ScalePoint> points = detector.detect(integralOf(luma));
    orientation.setImage(integral);
    describe.setImage(luma);
    int n = points.size;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] radius = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = points.get(i).pixel.x;
      y[i] = points.get(i).pixel.y;
      radius[i] = points.get(i).scale * BoofDefaults.SURF_SCALE_TO_RADIUS;
    }
    return describeAt(luma.width, luma.height, x, y, radius);
  }

  /**
   * Orients and describes keypoints at the given points of the image the stages were last given
   * (BoofCV's fused detect-describe does the same); points too near the edge for BRIEF are dropped.
   */
  private Keypoints describeAt(int w, int h, double[] px, double[] py, double[] radius) {
    TupleDesc_B d = describe.createDescription();
    int n = px.length;
    float[] x = new float[n];
    float[] y = new float[n];
    float[] size = new float[n];
    float[] angle = new float[n];
    long[] desc = new long[Keypoints.WORDS * n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      orientation.setObjectRadius(radius[i]);
      double yaw = orientation.compute(px[i], py[i]);
      if (!describe.process(px[i], py[i], yaw, radius[i], d)) {
        continue;
      }
      x[kept] = (float) px[i];
      y[kept] = (float) py[i];
      size[kept] = (float) radius[i];
      angle[kept] = (float) yaw;
      pack(d, desc, kept);
      kept++;
    }
    if (kept < n) {
      x = Arrays.copyOf(x, kept);
      y = Arrays.copyOf(y, kept);
      size = Arrays.copyOf(size, kept);
      angle = Arrays.copyOf(angle, kept);
      desc = Arrays.copyOf(desc, Keypoints.WORDS * kept);
    }
    return new Keypoints(w, h, x, y, size, angle, desc);
  }

  /** The integral image of {@code image}, in this extractor's buffer. */
  private GrayF32 integralOf(GrayF32 image) {
    integral.reshape(image.width, image.height);
    GIntegralImageOps.transform(image, integral);
    return integral;
  }

  /** Stores BoofCV's 32-bit descriptor words as keypoint {@code i}'s 64-bit words. */
  private static void pack(TupleDesc_B d, long[] desc, int i) {
    for (int w = 0; w < Keypoints.WORDS; w++) {
      desc[Keypoints.WORDS * i + w] =
          (d.data[2 * w] & 0xFFFFFFFFL) | ((long) d.data[2 * w + 1] << 32);
    }
  }

  /**
   * The luminance of {@code image} scaled by area averaging so its longest side is at most {@link
   * #FRAME_SIDE} (never enlarged). The returned image is reused by the next call.
   */
  public GrayF32 frame(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage rgb =
        image.getType() == BufferedImage.TYPE_INT_RGB
                || image.getType() == BufferedImage.TYPE_INT_ARGB
            ? image
            : toIntRgb(image);
    // Straight from the packed pixels: getRGB through a colour model costs more than detection.
    int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    SinglePixelPackedSampleModel sm =
        (SinglePixelPackedSampleModel) rgb.getRaster().getSampleModel();
    int stride = sm.getScanlineStride();
    int origin =
        rgb.getRaster().getDataBuffer().getOffset()
            - rgb.getRaster().getSampleModelTranslateY() * stride
            - rgb.getRaster().getSampleModelTranslateX();
    double s = Math.min(1.0, (double) FRAME_SIDE / Math.max(w, h));
    frame.reshape(Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s)));
    AreaLuma.downsample(px, origin, stride, w, h, frame);
    return frame;
  }

  private static BufferedImage toIntRgb(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
