package dev.likeness.contract.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a duration flag: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, or
 * ISO-8601 such as {@code PT30S}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(v);
    if (m.matches()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw invalid(value);
      }
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    if (v.startsWith("p")) {
      try {
        Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw invalid(value);
        }
        return d;
      } catch (DateTimeParseException e) {
        throw invalid(value);
      }
    }
    throw invalid(value);
  }

  private static TypeConversionException invalid(String value) {
    return new TypeConversionException(
        "'"
            + value
            + "' is not a duration: use a whole number with ms, s, m, h or d (30s, 2m), or ISO-8601 (PT30S)");
  }
}
