package dev.likeness.bench.quality;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** How an edited copy is saved: the file format (and quality) a user's tool would write. */
public enum Encoding {
  /** JPEG at quality 90: what an editor writes by default for most edits. */
  JPEG_90("jpeg", 0.90f),
  /** JPEG at quality 85: a screenshot tool or messenger recompressing. */
  JPEG_85("jpeg", 0.85f),
  /** JPEG at quality 20: heavy compression. */
  JPEG_20("jpeg", 0.20f),
  /** Lossless PNG. */
  PNG("png", -1f),
  /** GIF, reduced to a 256-colour palette by the JDK writer. */
  GIF("gif", -1f),
  /** Lossy WebP at quality 75, if an ImageIO WebP writer is on the class path. */
  WEBP("webp", 0.75f);

  private final String format;
  private final float quality;

  Encoding(String format, float quality) {
    this.format = format;
    this.quality = quality;
  }

  /** Why this encoding cannot be used here, or empty if it can. */
  public Optional<String> unavailableReason() {
    return writer()
        .map(
            w -> {
              w.dispose();
              return Optional.<String>empty();
            })
        .orElseGet(() -> Optional.of("no ImageIO writer for '" + format + "' on the class path"));
  }

  /** The image saved in this encoding. */
  public byte[] encode(BufferedImage image) {
    ImageWriter writer =
        writer().orElseThrow(() -> new IllegalStateException(unavailableReason().orElse(format)));
    // JPEG and GIF writers want an image without alpha; every edit produces TYPE_INT_RGB already.
    BufferedImage src = this == GIF ? toPalette(image) : image;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality >= 0 && param.canWriteCompressed()) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        if (this == WEBP) {
          param.setCompressionType(param.getCompressionTypes()[0]); // "Lossy"
        }
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(src, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private Optional<ImageWriter> writer() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    return writers.hasNext() ? Optional.of(writers.next()) : Optional.empty();
  }

  // The JDK GIF writer only accepts indexed images; TYPE_BYTE_INDEXED maps to a fixed 256-colour
  // palette (6x6x6 cube plus greys) with error-free nearest colour, close to what simple tools do.
  private static BufferedImage toPalette(BufferedImage image) {
    BufferedImage indexed =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    var g = indexed.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return indexed;
  }
}
