package dev.likeness.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;

/** Writes a TIFF carrying an Orientation tag, with the JDK's TIFF writer and its public tag API. */
final class TiffWithOrientation {
  private TiffWithOrientation() {}

  static byte[] write(BufferedImage image, int orientation) throws IOException {
    ImageWriter writer = jdkTiffWriter();
    try {
      // The JDK writer needs an explicit param when given metadata (it dereferences a null one).
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata defaults = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
      TIFFDirectory directory = TIFFDirectory.createFromMetadata(defaults);
      TIFFTag tag = BaselineTIFFTagSet.getInstance().getTag(BaselineTIFFTagSet.TAG_ORIENTATION);
      directory.addTIFFField(
          new TIFFField(tag, TIFFTag.TIFF_SHORT, 1, new char[] {(char) orientation}));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, directory.getAsMetadata()), param);
      }
      return bytes.toByteArray();
    } finally {
      writer.dispose();
    }
  }

  private static ImageWriter jdkTiffWriter() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
    while (writers.hasNext()) {
      ImageWriter writer = writers.next();
      if (writer.getClass().getName().startsWith("com.sun.")) {
        return writer;
      }
      writer.dispose();
    }
    throw new IllegalStateException("the JDK TIFF writer is missing");
  }
}
