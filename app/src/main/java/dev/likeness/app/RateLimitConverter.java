package dev.likeness.app;

import dev.likeness.api.limit.RateLimit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a rate limit flag: {@code RATE} or {@code RATE:BURST} a second, 0 for none. */
final class RateLimitConverter implements ITypeConverter<RateLimit> {
  @Override
  public RateLimit convert(String value) {
    try {
      return RateLimit.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
