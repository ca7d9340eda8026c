package dev.likeness.core.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.likeness.contract.image.ImageFormat;
import dev.likeness.core.image.turbo.JpegHeader;
import dev.likeness.core.image.turbo.ScalingFactor;
import dev.likeness.core.image.turbo.TurboJpeg;
import dev.likeness.core.image.turbo.TurboJpegException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes untrusted image bytes into an upright {@code TYPE_INT_RGB} image, or rejects them with a
 * reason.
 *
 * <p>Checks run cheapest first: size, magic bytes, then the header's dimensions against the pixel
 * limit before any pixel is decoded, so decompression bombs never allocate. Large images are
 * subsampled while decoding. Any failure inside a codec, even an {@link Error}, becomes {@link
 * RejectReason#CORRUPT}. Truncated data that a codec would fill in (JPEG's grey bottom) is rejected
 * as corrupt too: indexing a half-grey image would store a hash that matches nothing the uploader
 * meant. Thread-safe: each call uses its own reader.
 *
 * <p>JPEGs large enough that 1/8 scale keeps {@link ImageLimits#decodeLongestSide()} are decoded
 * from their DC coefficients alone ({@link JpegDcDecoder}): libjpeg would hold all the coefficients
 * of a progressive one (128 bytes per 8×8 block, 297 MB for 99 MP) to output the same 1/8 scale
 * image. Other JPEGs go through libjpeg-turbo ({@link TurboJpeg}) when the machine has it, decoded
 * at the smallest DCT scale that keeps {@link ImageLimits#decodeLongestSide()}; anything it does
 * not take cleanly (CMYK, a libjpeg warning such as truncated data, an error) is decoded again by
 * ImageIO, which gives the verdict, so the native path changes speed, never what is accepted.
 */
public final class SafeImageDecoder {
  private static final Logger log = LoggerFactory.getLogger(SafeImageDecoder.class);
  private static final int MAX_DETAIL_CHARS = 160;
  // The codec's output, its TYPE_INT_RGB conversion and the upright copy: 4 bytes a pixel each, at
  // worst.
  private static final int DECODED_BYTES_PER_PIXEL = 12;

  private final ImageLimits limits;
  private final TurboJpeg turbo;

  /** A decoder enforcing {@code limits}, using libjpeg-turbo for JPEG when it is installed. */
  public SafeImageDecoder(ImageLimits limits) {
    this(limits, true);
  }

  /**
   * A decoder enforcing {@code limits}; {@code nativeJpeg = false} decodes JPEG with ImageIO even
   * if libjpeg-turbo is there.
   */
  public SafeImageDecoder(ImageLimits limits, boolean nativeJpeg) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.turbo = nativeJpeg ? TurboJpeg.shared().orElse(null) : null;
  }

  /** Whether JPEGs are decoded by libjpeg-turbo (else by ImageIO). */
  public boolean usesNativeJpeg() {
    return turbo != null;
  }

  /** The limits this decoder enforces. */
  public ImageLimits limits() {
    return limits;
  }

  /** Decodes {@code data} upright, subsampled to about {@link ImageLimits#decodeLongestSide()}. */
  public DecodedImage decode(byte[] data) throws ImageRejectedException {
    if (data == null || data.length == 0) {
      throw new ImageRejectedException(RejectReason.EMPTY, "image is empty (0 bytes)");
    }
    if (data.length > limits.maxBytes()) {
      throw new ImageRejectedException(
          RejectReason.TOO_LARGE,
          String.format(
              Locale.ROOT,
              "image is %s (%d bytes), over the %s limit",
              mebibytes(data.length),
              data.length,
              mebibytes(limits.maxBytes())));
    }
    ImageFormat format =
        ImageFormat.sniff(data)
            .orElseThrow(
                () ->
                    new ImageRejectedException(
                        RejectReason.UNSUPPORTED_FORMAT,
                        "not a JPEG, PNG, GIF, BMP, WebP or TIFF image"));
    if (format == ImageFormat.JPEG) {
      JpegFrame frame = JpegFrame.read(data).orElse(null);
      if (frame != null && readsFromDc(frame)) {
        checkPixelCount(frame.width(), frame.height());
        return decodeFromDc(data, frame);
      }
    }
    if (format == ImageFormat.JPEG && turbo != null) {
      DecodedImage fast = decodeNatively(data);
      if (fast != null) {
        return fast;
      }
    }
    ImageReader reader =
        ImageReaderSelector.newReader(format)
            .orElseThrow(
                () ->
                    new ImageRejectedException(
                        RejectReason.UNSUPPORTED_FORMAT,
                        "no " + format.shortName() + " decoder is installed"));
    // WebP's lossless decoder would read past the end of hostile data for minutes.
    try (ImageInputStream in =
        format == ImageFormat.WEBP
            ? new EndBoundedInput(data)
            : new ByteArrayImageInputStream(data)) {
      reader.setInput(in, true, true);
      return decode(reader, format, data);
    } catch (ImageRejectedException e) {
      throw e;
    } catch (Exception | Error e) {
      // Hostile files make codecs throw anything: IIOException, AIOOBE, NegativeArraySize, OOM,
      // StackOverflow.
      throw failure(format, e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Bytes that decoding {@code data} holds at its peak, known from the header before any pixel is
   * decoded: the decoded pixels with their copies, plus what the codec keeps besides (a progressive
   * JPEG's coefficients when libjpeg decodes it, the whole frame for WebP and TIFF). 0 for data
   * refused before any pixel is decoded.
   */
  public long footprint(byte[] data) {
    if (data == null || data.length == 0 || data.length > limits.maxBytes()) {
      return 0;
    }
    ImageFormat format = ImageFormat.sniff(data).orElse(null);
    if (format == null) {
      return 0;
    }
    if (format == ImageFormat.JPEG) {
      JpegFrame frame = JpegFrame.read(data).orElse(null);
      if (frame != null && frame.width() > 0 && frame.height() > 0) {
        return withinPixelLimit(frame.width(), frame.height()) ? jpegFootprint(frame) : 0;
      }
    }
    ImageReader reader = ImageReaderSelector.newReader(format).orElse(null);
    if (reader == null) {
      return 0;
    }
    try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (!withinPixelLimit(width, height)) {
        return 0;
      }
      int step =
          SubsamplingFactor.forLongestSide(Math.max(width, height), limits.decodeLongestSide());
      long decoded =
          (long) SubsamplingFactor.subsampledLength(width, step)
              * SubsamplingFactor.subsampledLength(height, step)
              * DECODED_BYTES_PER_PIXEL;
      // Their readers hold the full frame before subsampling it.
      boolean wholeFrame = format == ImageFormat.WEBP || format == ImageFormat.TIFF;
      return decoded + (wholeFrame ? 4L * width * height : 0);
    } catch (Exception | Error e) {
      return 0; // a header no reader can read is refused before any pixel is decoded
    } finally {
      reader.dispose();
    }
  }

  private long jpegFootprint(JpegFrame frame) {
    if (readsFromDc(frame)) {
      return JpegDcDecoder.footprint(frame)
          + 4L * JpegDcDecoder.scaledWidth(frame) * JpegDcDecoder.scaledHeight(frame);
    }
    long width;
    long height;
    if (turbo != null && frame.components() != 4) {
      ScalingFactor factor =
          turbo.factorFor(frame.width(), frame.height(), limits.decodeLongestSide());
      width = factor.scale(frame.width());
      height = factor.scale(frame.height());
    } else {
      int step =
          SubsamplingFactor.forLongestSide(
              Math.max(frame.width(), frame.height()), limits.decodeLongestSide());
      width = SubsamplingFactor.subsampledLength(frame.width(), step);
      height = SubsamplingFactor.subsampledLength(frame.height(), step);
    }
    return width * height * DECODED_BYTES_PER_PIXEL
        + (frame.progressive() ? frame.coefficientBytes() : 0);
  }

  /**
   * Whether 1/8 scale still gives the decoded size the features need, so the DC coefficients are
   * enough.
   */
  private boolean readsFromDc(JpegFrame frame) {
    return frame.dcDecodable()
        && Math.max(JpegDcDecoder.scaledWidth(frame), JpegDcDecoder.scaledHeight(frame))
            >= limits.decodeLongestSide();
  }

  private DecodedImage decodeFromDc(byte[] data, JpegFrame frame) throws ImageRejectedException {
    BufferedImage stored;
    try {
      stored = JpegDcDecoder.decode(data, frame);
    } catch (RuntimeException | Error e) {
      throw failure(ImageFormat.JPEG, e);
    }
    return upright(stored, frame.width(), frame.height(), ImageFormat.JPEG, data);
  }

  /**
   * The image decoded by libjpeg-turbo, or null when ImageIO should decide. Rejects only for the
   * pixel limit.
   */
  private DecodedImage decodeNatively(byte[] data) throws ImageRejectedException {
    BufferedImage stored;
    JpegHeader header;
    try (TurboJpeg.Decoding decoding = turbo.open(data)) {
      header = decoding.header();
      checkPixelCount(header.width(), header.height());
      if (header.isCmyk()) {
        return null; // TwelveMonkeys converts CMYK/YCCK with their ICC profile; TurboJPEG cannot
        // make RGB of them
      }
      ScalingFactor factor =
          turbo.factorFor(header.width(), header.height(), limits.decodeLongestSide());
      stored = decoding.decode(header, factor);
    } catch (TurboJpegException e) {
      log.debug(
          "libjpeg-turbo declined a JPEG ({}{}), decoding it with ImageIO",
          e.isWarning() ? "warning: " : "",
          e.getMessage());
      return null;
    } catch (RuntimeException | Error e) {
      // A JNA or allocation failure: the ImageIO path still gives a verdict (and maps its own
      // failures).
      log.debug("libjpeg-turbo failed ({}), decoding the JPEG with ImageIO", e.toString());
      return null;
    }
    return upright(stored, header.width(), header.height(), ImageFormat.JPEG, data);
  }

  /**
   * {@code stored} turned upright by the file's EXIF orientation; the size is the stored one before
   * scaling.
   */
  private static DecodedImage upright(
      BufferedImage stored, int storedWidth, int storedHeight, ImageFormat format, byte[] data) {
    int orientation = OrientationTagReader.read(format, data);
    boolean swap = ExifOrientation.swapsAxes(orientation);
    return new DecodedImage(
        ExifOrientation.apply(stored, orientation),
        swap ? storedHeight : storedWidth,
        swap ? storedWidth : storedHeight,
        format,
        orientation);
  }

  private DecodedImage decode(ImageReader reader, ImageFormat format, byte[] data)
      throws Exception {
    int storedWidth = reader.getWidth(0);
    int storedHeight = reader.getHeight(0);
    checkPixelCount(storedWidth, storedHeight);
    if (format == ImageFormat.GIF) {
      GifImageData.requireWholeFrame(
          data); // the reader would return a blank canvas where the data stops
    }

    int step =
        SubsamplingFactor.forLongestSide(
            Math.max(storedWidth, storedHeight), limits.decodeLongestSide());
    ImageReadParam param = reader.getDefaultReadParam();
    if (step > 1) {
      param.setSourceSubsampling(step, step, 0, 0);
    }
    TruncationWatch truncation = new TruncationWatch();
    reader.addIIOReadWarningListener(truncation);
    BufferedImage raw = reader.read(0, param);
    if (truncation.truncated()) {
      throw new ImageRejectedException(
          RejectReason.CORRUPT,
          "corrupt "
              + format.shortName()
              + " image: data is truncated ("
              + truncation.detail()
              + ")");
    }

    return upright(RgbConverter.toIntRgb(raw), storedWidth, storedHeight, format, data);
  }

  private void checkPixelCount(int width, int height) throws ImageRejectedException {
    if (width <= 0 || height <= 0) {
      throw new ImageRejectedException(
          RejectReason.CORRUPT,
          "corrupt image: header gives impossible dimensions " + width + "×" + height);
    }
    long pixels = (long) width * height;
    if (!withinPixelLimit(width, height)) {
      throw new ImageRejectedException(
          RejectReason.TOO_MANY_PIXELS,
          String.format(
              Locale.ROOT,
              "image is %d×%d = %s, over the %s limit",
              width,
              height,
              megapixels(pixels),
              megapixels(limits.maxPixels())));
    }
  }

  private boolean withinPixelLimit(int width, int height) {
    return width > 0 && height > 0 && (long) width * height <= limits.maxPixels();
  }

  /** Why decoding {@code format} failed with {@code e}: the file's fault, or the node's heap. */
  static ImageRejectedException failure(ImageFormat format, Throwable e) {
    if (e instanceof OutOfMemoryError) {
      // The header passed the pixel limit, so the decode needed no more than the limits allow: the
      // heap was short (a node full of index), not the file hostile. Said so, it can be sent again.
      return new ImageRejectedException(
          RejectReason.OUT_OF_MEMORY,
          "the node ran out of memory decoding this "
              + format.shortName()
              + " image, which is within the limits; publish it again once the node has heap to spare");
    }
    String detail;
    if (e instanceof StackOverflowError) {
      detail = "decoder recursed too deeply";
    } else {
      String message =
          e.getMessage() == null ? "" : e.getMessage().replaceAll("\\p{Cntrl}+", " ").strip();
      detail = message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
    if (detail.length() > MAX_DETAIL_CHARS) {
      detail = detail.substring(0, MAX_DETAIL_CHARS) + "…";
    }
    return new ImageRejectedException(
        RejectReason.CORRUPT, "corrupt " + format.shortName() + " image: " + detail);
  }

  private static String megapixels(long pixels) {
    double mp = pixels / 1e6;
    return mp == Math.rint(mp) || mp >= 10
        ? String.format(Locale.ROOT, "%d MP", Math.round(mp))
        : String.format(Locale.ROOT, "%.1f MP", mp);
  }

  private static String mebibytes(long bytes) {
    double mib = bytes / (1024.0 * 1024.0);
    return mib == Math.rint(mib)
        ? String.format(Locale.ROOT, "%d MiB", Math.round(mib))
        : String.format(Locale.ROOT, "%.1f MiB", mib);
  }

  /** Notices the codec warnings that mean "the data stopped early and the rest was made up". */
  private static final class TruncationWatch implements IIOReadWarningListener {
    private final List<String> warnings = new ArrayList<>();

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (warning != null) {
        warnings.add(warning);
      }
    }

    boolean truncated() {
      return warnings.stream().anyMatch(TruncationWatch::meansTruncated);
    }

    String detail() {
      return warnings.stream()
          .filter(TruncationWatch::meansTruncated)
          .findFirst()
          .orElse("")
          .strip();
    }

    // libjpeg's "premature end of data segment": the scan data ran out and the rest was filled in.
    // A file that
    // only lacks its final EOI marker warns "Missing EOI marker" instead, and is complete, so it is
    // accepted.
    private static boolean meansTruncated(String warning) {
      return warning.toLowerCase(Locale.ROOT).contains("premature end");
    }
  }
}
