package dev.likeness.bench.quality;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart of recall per edit at the chosen threshold, with the top-1 rate as a tick
 * and the targets (95 % overall, 85 % per edit) as dashed lines. Drawn with Java2D.
 */
public final class RecallChart {
  private static final int WIDTH = 1000;
  private static final int BAR = 26;
  private static final int GAP = 8;
  private static final int LEFT = 230;
  private static final int RIGHT = 70;
  private static final int TOP = 70;
  private static final int BOTTOM = 60;
  private static final Color RECALL = new Color(0x3B7DD8);
  private static final Color OVERALL = new Color(0x1F4E96);
  private static final Color TOP1 = new Color(0xE0672B);

  private RecallChart() {}

  /** The chart of {@code eval} with {@code title} above it. */
  public static BufferedImage draw(Evaluation eval, String title) {
    List<Evaluation.Row> rows = new ArrayList<>(eval.rows());
    rows.add(eval.overall());
    int plotH = rows.size() * (BAR + GAP);
    int height = TOP + plotH + BOTTOM;
    BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      int plotW = WIDTH - LEFT - RIGHT;

      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString(title, 20, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString(
          String.format(
              "recall at distance ≤ %d (false matches %.2f %% of %d distractor queries);"
                  + " tick = top-1 at any distance",
              eval.threshold(), 100 * eval.falseMatchRate(), eval.distractorQueries()),
          20,
          50);

      // grid every 10 %
      for (int p = 0; p <= 100; p += 10) {
        int x = LEFT + plotW * p / 100;
        g.setColor(new Color(0xE6E6E6));
        g.drawLine(x, TOP - 4, x, TOP + plotH);
        g.setColor(Color.DARK_GRAY);
        String s = p + " %";
        g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, TOP + plotH + 18);
      }

      FontMetrics fm = g.getFontMetrics();
      for (int i = 0; i < rows.size(); i++) {
        Evaluation.Row r = rows.get(i);
        boolean overall = i == rows.size() - 1;
        int y = TOP + i * (BAR + GAP);
        int w = (int) Math.round(plotW * r.recallPercent() / 100);
        g.setColor(overall ? OVERALL : RECALL);
        g.fillRect(LEFT, y, w, BAR);
        int tx = LEFT + (int) Math.round(plotW * r.top1Percent() / 100);
        g.setColor(TOP1);
        g.setStroke(new BasicStroke(3f));
        g.drawLine(tx, y - 2, tx, y + BAR + 2);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, overall ? Font.BOLD : Font.PLAIN, 13));
        String label = r.transform() + " (" + r.n() + ")";
        g.drawString(
            label,
            LEFT - 10 - g.getFontMetrics().stringWidth(label),
            y + BAR / 2 + fm.getAscent() / 2 - 2);
        String value = String.format("%.1f %%", r.recallPercent());
        g.drawString(value, LEFT + w + 6, y + BAR / 2 + fm.getAscent() / 2 - 2);
      }

      dashed(g, LEFT + plotW * 95 / 100, TOP - 10, TOP + plotH, "95 %");
      dashed(g, LEFT + plotW * 85 / 100, TOP - 10, TOP + plotH, "85 %");

      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      int ly = TOP + plotH + 40;
      g.setColor(RECALL);
      g.fillRect(LEFT, ly - 10, 14, 12);
      g.setColor(Color.BLACK);
      g.drawString("recall at the threshold", LEFT + 20, ly);
      g.setColor(TOP1);
      g.fillRect(LEFT + 200, ly - 10, 4, 12);
      g.setColor(Color.BLACK);
      g.drawString("top-1 (any distance)", LEFT + 212, ly);
      g.drawString("dashed: targets (95 % overall, 85 % per edit)", LEFT + 380, ly);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void dashed(Graphics2D g, int x, int y0, int y1, String label) {
    g.setColor(new Color(0xB00020));
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    g.drawLine(x, y0, x, y1);
    g.setStroke(new BasicStroke(1f));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, y0 - 2);
  }
}
