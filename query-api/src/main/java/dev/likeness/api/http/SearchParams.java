package dev.likeness.api.http;

import dev.likeness.core.match.ImageMatcher;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code k} and {@code threshold} parameters of a search, validated.
 *
 * @param k how many matches at most (1–1000)
 * @param threshold largest score (PDQ distance scale, whatever the match path) that matches (0–256)
 */
public record SearchParams(int k, int threshold) {
  /** Default number of matches. */
  public static final int DEFAULT_K = 10;

  /**
   * The matcher's default threshold; quality/README.md says where it sits against near-identical
   * shots.
   */
  public static final int DEFAULT_THRESHOLD = ImageMatcher.DEFAULT_THRESHOLD;

  /** Reads the parameters from the query string, or throws a 400 that says what to fix. */
  public static SearchParams from(RoutingContext ctx) {
    int k = intParam(ctx, "k", DEFAULT_K, 1, 1000);
    int threshold = intParam(ctx, "threshold", DEFAULT_THRESHOLD, 0, 256);
    return new SearchParams(k, threshold);
  }

  static int intParam(RoutingContext ctx, String name, int def, int min, int max) {
    String raw = RequestUrl.param(ctx, name);
    if (raw == null || raw.isEmpty()) {
      return def;
    }
    int v;
    try {
      v = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "parameter '"
              + name
              + "' must be an integer from "
              + min
              + " to "
              + max
              + ", got '"
              + raw
              + "'");
    }
    if (v < min || v > max) {
      throw ApiException.badRequest(
          "parameter '" + name + "' must be from " + min + " to " + max + ", got " + v);
    }
    return v;
  }
}
