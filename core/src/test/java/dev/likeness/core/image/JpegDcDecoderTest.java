package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.likeness.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JpegDcDecoderTest {
  private static final BufferedImage SCENE = TestImages.scene(803, 605, BufferedImage.TYPE_INT_RGB);

  /** Each pixel is its 8×8 block's mean, as the full decode averaged over the block gives it. */
  @ParameterizedTest
  @CsvSource({
    "true, 0, false",
    "false, 0, false",
    "true, 3, false",
    "false, 5, false",
    "true, 0, true",
    "false, 7, true"
  })
  void eachPixelIsTheMeanOfItsBlock(boolean progressive, int restartInterval, boolean grey)
      throws Exception {
    BufferedImage source = grey ? toGrey(SCENE) : SCENE;
    byte[] jpeg = jpeg(source, progressive, restartInterval);
    JpegFrame frame = JpegFrame.read(jpeg).orElseThrow();
    assertThat(frame.progressive()).isEqualTo(progressive);
    assertThat(frame.components()).isEqualTo(grey ? 1 : 3);
    assertThat(hasMarker(jpeg, 0xDD)).as("restart interval written").isEqualTo(restartInterval > 0);

    BufferedImage dc = JpegDcDecoder.decode(jpeg, frame);

    assertThat(dc.getWidth()).isEqualTo(101);
    assertThat(dc.getHeight()).isEqualTo(76);
    BufferedImage full = TestImages.read(jpeg);
    double[] error = blockMeanError(full, dc);
    // Luma is exact up to rounding; chroma is replicated from 16×16 blocks, so colour edges differ
    // a little.
    assertThat(error[0]).as("mean abs error per channel").isLessThan(grey ? 0.6 : 2.5);
    assertThat(error[1]).as("worst pixel").isLessThan(grey ? 3 : 120);
  }

  @Test
  void rejectsDataThatEndsInsideTheDcScan() throws Exception {
    for (boolean progressive : new boolean[] {true, false}) {
      byte[] jpeg = jpeg(SCENE, progressive, 0);
      JpegFrame frame = JpegFrame.read(jpeg).orElseThrow();
      int firstScan = indexOfMarker(jpeg, 0xDA, 0);
      ImageRejectedException rejected =
          catchThrowableOfType(
              ImageRejectedException.class,
              () -> JpegDcDecoder.decode(Arrays.copyOf(jpeg, firstScan + 100), frame));
      assertThat(rejected).as("progressive %s", progressive).isNotNull();
      assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
      assertThat(rejected.getMessage()).contains("truncated");
    }
  }

  /**
   * Decision: the AC scans never reach a 1/8 image, so a file cut inside them gives the same image
   * as whole.
   */
  @Test
  void aProgressiveFileCutAfterItsLastDcScanGivesTheWholeImage() throws Exception {
    byte[] jpeg = jpeg(SCENE, true, 0);
    JpegFrame frame = JpegFrame.read(jpeg).orElseThrow();
    int[][] whole = ExifOrientationTest.pixels(JpegDcDecoder.decode(jpeg, frame));
    // ImageIO's progression sends the DC's top bits first and refines its last bit in a later scan.
    int refinement = dcRefinementScan(jpeg);
    for (int cut :
        new int[] {
          jpeg.length - 2, jpeg.length - 100, indexOfMarker(jpeg, 0xDA, refinement + 2) + 30
        }) {
      assertThat(ExifOrientationTest.pixels(JpegDcDecoder.decode(Arrays.copyOf(jpeg, cut), frame)))
          .as("cut at %d of %d", cut, jpeg.length)
          .isDeepEqualTo(whole);
    }
    ImageRejectedException rejected =
        catchThrowableOfType(
            ImageRejectedException.class,
            () -> JpegDcDecoder.decode(Arrays.copyOf(jpeg, refinement - 20), frame));
    assertThat(rejected.reason()).isEqualTo(RejectReason.CORRUPT);
    assertThat(rejected.getMessage()).contains("truncated before the last bits");
  }

  /** Where the scan that refines the DC coefficients' last bit starts (Ss = 0, Ah > 0). */
  private static int dcRefinementScan(byte[] jpeg) {
    for (int at = indexOfMarker(jpeg, 0xDA, 0); ; at = indexOfMarker(jpeg, 0xDA, at + 2)) {
      int count = jpeg[at + 4] & 0xFF;
      int spectral = at + 5 + 2 * count;
      if (jpeg[spectral] == 0 && (jpeg[spectral + 2] & 0xF0) != 0) {
        return at;
      }
    }
  }

  @Test
  void theFrameCountsTheCoefficientsLibjpegKeeps() throws Exception {
    JpegFrame frame = JpegFrame.read(jpeg(SCENE, true, 0)).orElseThrow();
    // 4:2:0: MCUs of 16×16 px, 51 × 38 of them; four luma blocks and one of each chroma per MCU.
    assertThat(frame.maxHorizontal()).isEqualTo(2);
    assertThat(frame.blocks()).isEqualTo(51L * 38 * 6);
    assertThat(frame.coefficientBytes()).isEqualTo(51L * 38 * 6 * 128);
    assertThat(JpegDcDecoder.footprint(frame)).isEqualTo(51L * 38 * 6 * 2 + 4L * 101 * 76);
  }

  /**
   * Mean and worst absolute difference per channel between {@code dc} and {@code full}'s 8×8 block
   * means.
   */
  private static double[] blockMeanError(BufferedImage full, BufferedImage dc) {
    double sum = 0;
    double worst = 0;
    int n = 0;
    for (int by = 0; by < dc.getHeight(); by++) {
      for (int bx = 0; bx < dc.getWidth(); bx++) {
        double[] mean = new double[3];
        int count = 0;
        for (int y = by * 8; y < Math.min(full.getHeight(), by * 8 + 8); y++) {
          for (int x = bx * 8; x < Math.min(full.getWidth(), bx * 8 + 8); x++) {
            // Grey straight from the raster: Java2D's getRGB treats some grey models as linear.
            int rgb =
                full.getRaster().getNumBands() == 1
                    ? full.getRaster().getSample(x, y, 0) * 0x010101
                    : full.getRGB(x, y);
            mean[0] += rgb >> 16 & 0xFF;
            mean[1] += rgb >> 8 & 0xFF;
            mean[2] += rgb & 0xFF;
            count++;
          }
        }
        int pixel = dc.getRGB(bx, by);
        int[] got = {pixel >> 16 & 0xFF, pixel >> 8 & 0xFF, pixel & 0xFF};
        for (int c = 0; c < 3; c++) {
          double d = Math.abs(mean[c] / count - got[c]);
          sum += d;
          worst = Math.max(worst, d);
          n++;
        }
      }
    }
    return new double[] {sum / n, worst};
  }

  private static BufferedImage toGrey(BufferedImage image) {
    BufferedImage grey =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(image, 0, 0, null);
    return grey;
  }

  private static boolean hasMarker(byte[] data, int marker) {
    try {
      indexOfMarker(data, marker, 0);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int indexOfMarker(byte[] data, int marker, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new IllegalArgumentException("no marker " + Integer.toHexString(marker));
  }

  /**
   * {@code image} as a JPEG (4:2:0 for colour, as ImageIO writes it), optionally progressive or
   * with restarts.
   */
  static byte[] jpeg(BufferedImage image, boolean progressive, int restartInterval)
      throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
      if (restartInterval > 0) {
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode dri = new IIOMetadataNode("dri");
        dri.setAttribute("interval", Integer.toString(restartInterval));
        IIOMetadataNode markers =
            (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        markers.insertBefore(dri, markers.getFirstChild());
        metadata.setFromTree(format, root);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, metadata), param);
      }
      return bytes.toByteArray();
    } finally {
      writer.dispose();
    }
  }
}
