package dev.likeness.monitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter c = new DurationConverter();

  @Test
  void readsShortAndIsoForms() {
    assertThat(c.convert("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.convert("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.convert("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.convert("PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesNonsenseAndZero() {
    assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> c.convert("0s")).isInstanceOf(TypeConversionException.class);
  }
}
