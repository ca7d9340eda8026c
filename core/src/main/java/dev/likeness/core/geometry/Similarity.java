package dev.likeness.core.geometry;

/**
 * A 2-D similarity, possibly with a reflection: {@code (x, y) → (a·x − b·y + tx, b·x + a·y + ty)},
 * or for a mirrored one {@code (x, y) → (a·x + b·y + tx, b·x − a·y + ty)}. Scale is {@code √(a² +
 * b²)}, rotation {@code atan2(b, a)}.
 */
public record Similarity(double a, double b, double tx, double ty, boolean mirrored) {
  /** The identity. */
  public static final Similarity IDENTITY = new Similarity(1, 0, 0, 0, false);

  /** A similarity from its scale, rotation (radians), translation and handedness. */
  public static Similarity of(
      double scale, double rotation, double tx, double ty, boolean mirrored) {
    return new Similarity(scale * Math.cos(rotation), scale * Math.sin(rotation), tx, ty, mirrored);
  }

  /** The uniform scale factor. */
  public double scale() {
    return Math.hypot(a, b);
  }

  /** The rotation in radians, −π..π (applied after the reflection, if any). */
  public double rotation() {
    return Math.atan2(b, a);
  }

  /** The image of x. */
  public double mapX(double x, double y) {
    return mirrored ? a * x + b * y + tx : a * x - b * y + tx;
  }

  /** The image of y. */
  public double mapY(double x, double y) {
    return mirrored ? b * x - a * y + ty : b * x + a * y + ty;
  }

  /** This transform after {@code first}: {@code p → this(first(p))}. */
  public Similarity after(Similarity first) {
    // Linear parts as 2×2 matrices; the product stays a (possibly mirrored) similarity.
    double[] m = matrix();
    double[] f = first.matrix();
    double m00 = m[0] * f[0] + m[1] * f[2];
    double m10 = m[2] * f[0] + m[3] * f[2];
    double tx2 = mapX(first.tx, first.ty);
    double ty2 = mapY(first.tx, first.ty);
    return new Similarity(m00, m10, tx2, ty2, mirrored != first.mirrored);
  }

  /** The inverse transform. */
  public Similarity inverse() {
    double s2 = a * a + b * b;
    if (mirrored) {
      // A reflection-similarity is its own inverse's kind; its matrix inverse is itself over s².
      double ia = a / s2;
      double ib = b / s2;
      return new Similarity(ia, ib, -(ia * tx + ib * ty), -(ib * tx - ia * ty), true);
    }
    double ia = a / s2;
    double ib = -b / s2;
    return new Similarity(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty), false);
  }

  /** The linear part as {@code {m00, m01, m10, m11}}. */
  public double[] matrix() {
    return mirrored ? new double[] {a, b, b, -a} : new double[] {a, -b, b, a};
  }
}
