package dev.likeness.api.limit;

/**
 * A token bucket's size: {@code perSecond} requests a second on average, up to {@code burst} at
 * once after a pause. {@link #OFF} (a rate of 0) limits nothing.
 */
public record RateLimit(long perSecond, long burst) {
  /** No limit. */
  public static final RateLimit OFF = new RateLimit(0, 0);

  /**
   * A rate of {@code perSecond} whose burst is twice it, so a page's worth of calls never waits.
   */
  public static RateLimit of(long perSecond) {
    return perSecond == 0 ? OFF : new RateLimit(perSecond, 2 * perSecond);
  }

  public RateLimit {
    if (perSecond < 0) {
      throw new IllegalArgumentException("a rate limit must be at least 0 (0 is off)");
    }
    if (perSecond > 0 && burst < 1) {
      throw new IllegalArgumentException("a rate limit's burst must be at least 1");
    }
  }

  /**
   * Reads {@code RATE} (a burst of twice the rate) or {@code RATE:BURST}, in requests a second; 0
   * is off.
   */
  public static RateLimit parse(String text) {
    String[] parts = text.strip().split(":", 2);
    try {
      long rate = Long.parseLong(parts[0].strip());
      return parts.length == 1 || rate == 0
          ? of(rate)
          : new RateLimit(rate, Long.parseLong(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a rate limit is RATE or RATE:BURST in requests a second (0 is off), not '" + text + "'");
    }
  }

  /** Whether it limits anything. */
  public boolean enabled() {
    return perSecond > 0;
  }

  @Override
  public String toString() {
    return enabled() ? perSecond + ":" + burst : "0";
  }
}
