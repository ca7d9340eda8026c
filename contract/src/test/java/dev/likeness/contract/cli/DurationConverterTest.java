package dev.likeness.contract.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "0s, PT0S",
    "2m, PT2M",
    "1h, PT1H",
    "1d, PT24H",
    "' 45S ', PT45S",
    "PT30S, PT30S",
    "pt1m30s, PT1M30S",
    "P1D, PT24H"
  })
  void parsesShortFormsAndIso8601(String text, String expected) {
    assertThat(converter.convert(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "30",
        "abc",
        "-5s",
        "1.5s",
        "5 s",
        "PT-30S",
        "P",
        "30sec",
        "99999999999999999999s"
      })
  void refusesOtherTextWithAHint(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("30s")
        .hasMessageContaining("PT30S");
  }
}
