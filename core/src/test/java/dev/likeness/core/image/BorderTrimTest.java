package dev.likeness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.hash.PdqHasher;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import org.junit.jupiter.api.Test;

class BorderTrimTest {
  private final BorderTrim trim = new BorderTrim();

  @Test
  void findsTheContentInsideUnevenBordersOfDifferentColours() {
    BufferedImage content = noise(200, 120, 1);
    BufferedImage framed = new BufferedImage(260, 190, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = framed.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 260, 40); // a dark bar on top ...
    g.setColor(new Color(0xF4F1EA));
    g.fillRect(0, 40, 260, 150); // ... an off-white frame elsewhere
    g.drawImage(content, 25, 45, null);
    g.dispose();

    assertThat(trim.content(framed)).isEqualTo(new Rectangle(25, 45, 200, 120));
  }

  @Test
  void readsEveryPixelLayoutAndSubImageViewsAlike() {
    BufferedImage content = noise(200, 120, 3);
    BufferedImage framed = new BufferedImage(260, 190, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = framed.createGraphics();
    g.setColor(new Color(0x202830));
    g.fillRect(0, 0, 260, 190);
    g.drawImage(content, 25, 45, null);
    g.dispose();
    Rectangle expected = new Rectangle(25, 45, 200, 120);

    for (int type :
        new int[] {
          BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_BGR
        }) {
      BufferedImage copy = new BufferedImage(260, 190, type);
      Graphics2D c = copy.createGraphics();
      c.drawImage(framed, 0, 0, null);
      c.dispose();
      assertThat(trim.content(copy)).as("type %d", type).isEqualTo(expected);
    }
    // A view into a larger picture (as the decoder's crops are): its own coordinates, its own
    // pixels.
    BufferedImage larger = new BufferedImage(300, 230, BufferedImage.TYPE_INT_RGB);
    Graphics2D l = larger.createGraphics();
    l.drawImage(noise(300, 230, 4), 0, 0, null);
    l.drawImage(framed, 30, 20, null);
    l.dispose();
    assertThat(trim.content(larger.getSubimage(30, 20, 260, 190))).isEqualTo(expected);
  }

  @Test
  void aPlainBandOnOneSideOnlyIsContent() {
    BufferedImage photo = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = photo.createGraphics();
    g.setColor(new Color(0x101018));
    g.fillRect(0, 0, 200, 60); // a dark night sky above ...
    g.drawImage(noise(200, 100, 2), 0, 60, null); // ... a detailed foreground, nothing below
    g.dispose();

    assertThat(trim.content(photo)).isEqualTo(new Rectangle(0, 0, 200, 160));
  }

  @Test
  void toleratesJpegNoiseInTheBorder() throws Exception {
    BufferedImage framed = new BufferedImage(300, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = framed.createGraphics();
    g.setColor(new Color(0xF4F1EA));
    g.fillRect(0, 0, 300, 240);
    g.drawImage(
        ImageIO.read(Path.of("..", "seeds", "meadow-wildflowers.jpg").toFile()),
        30,
        30,
        240,
        180,
        null);
    g.dispose();

    Rectangle r = trim.content(jpeg(framed, 0.5f));

    // Within a few pixels of the true edge: ringing may stop the trim just outside the content, and
    // a content edge that is itself near-uniform may be taken for border.
    assertThat(r.x).isBetween(30 - 4, 30 + 6);
    assertThat(r.y).isBetween(30 - 4, 30 + 6);
    assertThat(r.x + r.width).isBetween(270 - 6, 270 + 4);
    assertThat(r.y + r.height).isBetween(210 - 6, 210 + 4);
  }

  @Test
  void leavesAPhotographWithoutBordersWhole() throws Exception {
    BufferedImage photo =
        ImageIO.read(Path.of("..", "seeds", "bridge-cables-over-estuary.jpg").toFile());
    assertThat(trim.trim(photo)).isSameAs(photo);
    BufferedImage flat = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
    // A flat image is all border; it keeps at least the middle fifth, never collapses to nothing.
    assertThat(trim.content(flat).width).isPositive();
    assertThat(trim.content(flat).height).isPositive();
  }

  @Test
  void aFramedCopyHashesLikeItsOriginalOnceTrimmed() throws Exception {
    BufferedImage photo = ImageIO.read(Path.of("..", "seeds", "chateau-de-maintenon.jpg").toFile());
    int b = Math.min(photo.getWidth(), photo.getHeight()) / 10;
    BufferedImage framed =
        new BufferedImage(
            photo.getWidth() + 2 * b, photo.getHeight() + 2 * b, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = framed.createGraphics();
    g.setColor(new Color(0xF4F1EA));
    g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
    g.drawImage(photo, b, b, null);
    g.dispose();
    PdqHasher pdq = new PdqHasher();

    int untrimmed = pdq.hash(photo).hash().distance(pdq.hash(framed).hash());
    int trimmed = pdq.hash(trim.trim(photo)).hash().distance(pdq.hash(trim.trim(framed)).hash());

    assertThat(trimmed).isLessThanOrEqualTo(8);
    assertThat(untrimmed).isGreaterThan(40);
  }

  @Test
  void screenBarsFindThePictureInsideAScreenshotWithItsClockAndIcons() throws Exception {
    BufferedImage photo = ImageIO.read(Path.of("..", "seeds", "meadow-wildflowers.jpg").toFile());
    int w = 1080;
    int h = photo.getHeight() * w / photo.getWidth();
    BufferedImage shot = new BufferedImage(w, 96 + h + 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = shot.createGraphics();
    g.setColor(new Color(0x202124));
    g.fillRect(
        0, 0, w,
        96); // a status bar above: its clock, signal and battery cover a fifth of some rows
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
    g.drawString("12:34", 40, 64);
    g.fillRect(w - 300, 36, 60, 36);
    g.fillRect(w - 140, 36, 90, 36);
    g.drawImage(photo, 0, 96, w, h, null);
    g.setColor(new Color(0xF1F3F4));
    g.fillRect(0, 96 + h, w, 160); // a toolbar below
    g.dispose();

    // The pairwise trim stops at the clock: the status bar is not uniform.
    assertThat(trim.content(shot)).isNotEqualTo(new Rectangle(0, 96, w, h));
    assertThat(BorderTrim.screenBars().content(shot)).isEqualTo(new Rectangle(0, 96, w, h));
    // Saved as JPEG, the bars' edges ring: still within a few rows.
    Rectangle r = BorderTrim.screenBars().content(jpeg(shot, 0.85f));
    assertThat(r.y).isBetween(96 - 1, 96 + 3);
    assertThat(r.y + r.height).isBetween(96 + h - 3, 96 + h + 1);
    assertThat(r.x).isZero();
    assertThat(r.width).isEqualTo(w);
  }

  @Test
  void screenBarsLeaveSkiesAndSubjectsOnAPlainGroundAlone() throws Exception {
    BorderTrim bars = BorderTrim.screenBars();
    // A sky that fades into the picture has no edge.
    BufferedImage sky = new BufferedImage(240, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sky.createGraphics();
    for (int y = 0; y < 80; y++) {
      g.setColor(new Color(90 + y, 140 + y / 2, 230));
      g.drawLine(0, y, 239, y);
    }
    g.drawImage(noise(240, 120, 5), 0, 80, null);
    g.dispose();
    assertThat(bars.content(sky)).isEqualTo(new Rectangle(0, 0, 240, 200));

    // A subject on white starts thin: no line of it is mostly not white, so nothing is cut off it.
    BufferedImage cutOut = new BufferedImage(240, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D c = cutOut.createGraphics();
    c.setColor(Color.WHITE);
    c.fillRect(0, 0, 240, 200);
    c.setColor(new Color(0x8B4513));
    c.fillOval(60, 30, 120, 140);
    c.dispose();
    assertThat(bars.content(cutOut)).isEqualTo(new Rectangle(0, 0, 240, 200));

    // And a photograph without bars stays whole.
    BufferedImage photo =
        ImageIO.read(Path.of("..", "seeds", "bridge-cables-over-estuary.jpg").toFile());
    assertThat(bars.trim(photo)).isSameAs(photo);
  }

  private static BufferedImage noise(int w, int h, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y += 4) {
      for (int x = 0; x < w; x += 4) {
        int c = r.nextInt(0x1000000);
        for (int dy = 0; dy < 4 && y + dy < h; dy++) {
          for (int dx = 0; dx < 4 && x + dx < w; dx++) {
            img.setRGB(x + dx, y + dy, c);
          }
        }
      }
    }
    return img;
  }

  private static BufferedImage jpeg(BufferedImage img, float quality) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    var param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    try (var ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(img, null, null), param);
    }
    writer.dispose();
    return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
  }
}
