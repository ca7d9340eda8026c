package dev.likeness.core.geometry;

/**
 * A plane projective transformation {@code (x, y) → ((h11 x + h12 y + h13) / w, (h21 x + h22 y +
 * h23) / w)} with {@code w = h31 x + h32 y + 1}: how a flat picture maps onto a photograph of it
 * taken at an angle.
 */
public record Homography(
    double h11,
    double h12,
    double h13,
    double h21,
    double h22,
    double h23,
    double h31,
    double h32) {

  /** The similarity {@code s} as a homography. */
  public static Homography of(Similarity s) {
    double[] m = s.matrix();
    return new Homography(m[0], m[1], s.tx(), m[2], m[3], s.ty(), 0, 0);
  }

  /** From {@code {h11 … h32}}. */
  static Homography of(double[] h) {
    return new Homography(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
  }

  /** The image of x. */
  public double mapX(double x, double y) {
    return (h11 * x + h12 * y + h13) / (h31 * x + h32 * y + 1);
  }

  /** The image of y. */
  public double mapY(double x, double y) {
    return (h21 * x + h22 * y + h23) / (h31 * x + h32 * y + 1);
  }

  /**
   * The area scale at {@code (x, y)}, the square root of the Jacobian's determinant: how many
   * target pixels one source pixel spans there, per side.
   */
  public double scaleAt(double x, double y) {
    double w = h31 * x + h32 * y + 1;
    double u = mapX(x, y);
    double v = mapY(x, y);
    double dux = (h11 - h31 * u) / w;
    double duy = (h12 - h32 * u) / w;
    double dvx = (h21 - h31 * v) / w;
    double dvy = (h22 - h32 * v) / w;
    return Math.sqrt(Math.abs(dux * dvy - duy * dvx));
  }

  /** This transformation after {@code first}: {@code p → this(first(p))}. */
  public Homography after(Homography first) {
    double[][] m = matrix();
    double[][] f = first.matrix();
    double[][] p = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          p[i][j] += m[i][k] * f[k][j];
        }
      }
    }
    double s = p[2][2];
    return new Homography(
        p[0][0] / s,
        p[0][1] / s,
        p[0][2] / s,
        p[1][0] / s,
        p[1][1] / s,
        p[1][2] / s,
        p[2][0] / s,
        p[2][1] / s);
  }

  private double[][] matrix() {
    return new double[][] {{h11, h12, h13}, {h21, h22, h23}, {h31, h32, 1}};
  }

  /** The inverse transformation (adjugate of the 3 × 3 matrix, scaled so that h33 = 1). */
  public Homography inverse() {
    double a = h22 - h23 * h32;
    double b = h13 * h32 - h12;
    double c = h12 * h23 - h13 * h22;
    double d = h23 * h31 - h21;
    double e = h11 - h13 * h31;
    double f = h13 * h21 - h11 * h23;
    double g = h21 * h32 - h22 * h31;
    double h = h12 * h31 - h11 * h32;
    double i = h11 * h22 - h12 * h21;
    return new Homography(a / i, b / i, c / i, d / i, e / i, f / i, g / i, h / i);
  }
}
