package dev.likeness.core.image.turbo;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo's TurboJPEG library, when the machine has it: JPEG decoding with DCT scaling (1/8
 * to 1), which skips most of the work for pictures larger than what the features need, progressive
 * ones included.
 *
 * <p>Optional by design: {@link #shared()} is empty when the library cannot be loaded, and callers
 * decode with ImageIO instead. Thread-safe: every {@link #open} gets its own native decompressor.
 */
public final class TurboJpeg {
  private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);
  // Debian/Ubuntu's libturbojpeg0 ships only the versioned name; other systems have the plain one.
  private static final String[] LIBRARY_NAMES = {"turbojpeg", "libturbojpeg.so.0"};

  /**
   * System property that, set to {@code false}, keeps the library unused (to compare, or to rule it
   * out).
   */
  public static final String DISABLE_PROPERTY = "likeness.turbojpeg";

  private static final Optional<TurboJpeg> SHARED = load();

  private final TurboJpegLibrary lib;
  private final List<ScalingFactor> factors;
  private final int pixelFormat;

  private TurboJpeg(TurboJpegLibrary lib) {
    this.lib = lib;
    this.factors = readScalingFactors(lib);
    // Four bytes per pixel that read as one 0x??RRGGBB int in the platform's byte order:
    // TYPE_INT_RGB's layout.
    this.pixelFormat =
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? TurboJpegLibrary.TJPF_BGRX
            : TurboJpegLibrary.TJPF_XRGB;
  }

  /**
   * The library, loaded once per JVM; empty (and said once in the log) when it is not installed.
   */
  public static Optional<TurboJpeg> shared() {
    return SHARED;
  }

  private static Optional<TurboJpeg> load() {
    if ("false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY))) {
      log.info(
          "libjpeg-turbo disabled by -D{}=false: JPEG decoding uses ImageIO", DISABLE_PROPERTY);
      return Optional.empty();
    }
    Throwable last = null;
    for (String name : LIBRARY_NAMES) {
      try {
        TurboJpeg turbo = new TurboJpeg(Native.load(name, TurboJpegLibrary.class));
        log.info("JPEG decoding uses libjpeg-turbo ({}), scaling factors {}", name, turbo.factors);
        return Optional.of(turbo);
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        last = e;
      }
    }
    log.info(
        "libjpeg-turbo not found ({}): JPEG decoding falls back to ImageIO, which is slower; "
            + "install libturbojpeg0 (Debian/Ubuntu) or libjpeg-turbo for the fast path",
        firstLine(last));
    return Optional.empty();
  }

  /** The DCT scaling factors the library offers, largest first, none above 1. */
  public List<ScalingFactor> scalingFactors() {
    return factors;
  }

  /**
   * The smallest scaling factor of 1, 1/2, 1/4 and 1/8 at which the longest side of a {@code
   * width}×{@code height} image is still at least {@code longestSide} (1 when the image is not
   * larger than that).
   */
  public ScalingFactor factorFor(int width, int height, int longestSide) {
    // Only 1/n: libjpeg-turbo has fast (SIMD) inverse DCTs for those, whereas 7/8, 3/4, 5/8 and 3/8
    // run generic
    // ones: 7/8 of a 1 MP photo took about twice as long as 1/1, and moved PDQ hashes by up to 34
    // bits (p99 14)
    // where 1/1 is bit-identical to ImageIO's full-size decode (DecodeAgreement in
    // bench/README.md).
    ScalingFactor chosen = new ScalingFactor(1, 1);
    for (ScalingFactor f : factors) {
      if (f.num() != 1) {
        continue;
      }
      if (Math.max(f.scale(width), f.scale(height)) >= longestSide) {
        chosen = f;
      }
    }
    return chosen;
  }

  /** Starts decoding {@code jpeg}: copies it to native memory once and opens a decompressor. */
  public Decoding open(byte[] jpeg) throws TurboJpegException {
    Pointer handle = lib.tjInitDecompress();
    if (handle == null) {
      throw new TurboJpegException("tjInitDecompress failed", false);
    }
    Memory input = new Memory(Math.max(1, jpeg.length));
    input.write(0, jpeg, 0, jpeg.length);
    return new Decoding(handle, input, jpeg.length);
  }

  /** One JPEG being decoded; close it to free its native memory. Not thread-safe. */
  public final class Decoding implements AutoCloseable {
    private final Pointer handle;
    private final Memory input;
    private final NativeLong size;

    private Decoding(Pointer handle, Memory input, int size) {
      this.handle = handle;
      this.input = input;
      this.size = new NativeLong(size);
    }

    /** Reads the header only: dimensions and colour space. */
    public JpegHeader header() throws TurboJpegException {
      IntByReference w = new IntByReference();
      IntByReference h = new IntByReference();
      IntByReference subsampling = new IntByReference();
      IntByReference colorspace = new IntByReference();
      if (lib.tjDecompressHeader3(handle, input, size, w, h, subsampling, colorspace) != 0) {
        throw failure();
      }
      if (w.getValue() <= 0 || h.getValue() <= 0) {
        throw new TurboJpegException(
            "header gives impossible dimensions " + w.getValue() + "×" + h.getValue(), false);
      }
      return new JpegHeader(w.getValue(), h.getValue(), colorspace.getValue());
    }

    /**
     * Decodes at {@code factor} (which must come from {@link #scalingFactors()}) to a {@code
     * TYPE_INT_RGB} image. Call after {@link #header()}, with its checks done: this allocates the
     * pixels.
     */
    public BufferedImage decode(JpegHeader header, ScalingFactor factor) throws TurboJpegException {
      int width = factor.scale(header.width());
      int height = factor.scale(header.height());
      long bytes = 4L * width * height;
      if (bytes > Integer.MAX_VALUE) {
        throw new TurboJpegException("decoded image too large: " + width + "×" + height, false);
      }
      try (Memory pixels = new Memory(bytes)) {
        int flags = TurboJpegLibrary.TJFLAG_LIMITSCANS;
        if (lib.tjDecompress2(
                handle, input, size, pixels, width, 4 * width, height, pixelFormat, flags)
            != 0) {
          throw failure();
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        pixels.read(0, rgb, 0, rgb.length);
        // The fourth byte is padding the library may leave anything in; keep the ints clean RGB.
        for (int i = 0; i < rgb.length; i++) {
          rgb[i] &= 0xFFFFFF;
        }
        return image;
      }
    }

    private TurboJpegException failure() {
      boolean warning = lib.tjGetErrorCode(handle) == TurboJpegLibrary.TJERR_WARNING;
      String message = lib.tjGetErrorStr2(handle);
      return new TurboJpegException(
          message == null ? "unknown libjpeg-turbo error" : message.strip(), warning);
    }

    @Override
    public void close() {
      lib.tjDestroy(handle);
      input.close();
    }
  }

  private static List<ScalingFactor> readScalingFactors(TurboJpegLibrary lib) {
    IntByReference count = new IntByReference();
    Pointer array = lib.tjGetScalingFactors(count);
    List<ScalingFactor> out = new ArrayList<>();
    for (int i = 0; array != null && i < count.getValue(); i++) {
      ScalingFactor f = new ScalingFactor(array.getInt(8L * i), array.getInt(8L * i + 4));
      if (f.num() > 0 && f.denom() > 0 && f.num() <= f.denom()) {
        out.add(f);
      }
    }
    if (out.isEmpty()) {
      out.add(new ScalingFactor(1, 1));
    }
    out.sort(
        Comparator.comparingDouble((ScalingFactor f) -> (double) f.num() / f.denom()).reversed());
    return List.copyOf(out);
  }

  private static String firstLine(Throwable e) {
    String message = e == null || e.getMessage() == null ? "no library" : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
