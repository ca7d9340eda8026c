package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataLimitsTest {
  @Test
  void acceptsMetadataAtEveryLimit() {
    Map<String, String> meta = new LinkedHashMap<>();
    for (int i = 0; i < MetadataLimits.MAX_ENTRIES; i++) {
      meta.put(
          "k" + i, "v".repeat(MetadataLimits.MAX_TOTAL_BYTES / MetadataLimits.MAX_ENTRIES - 4));
    }
    assertThatCode(() -> MetadataLimits.check(meta, "s".repeat(MetadataLimits.MAX_SOURCE_BYTES)))
        .doesNotThrowAnyException();
  }

  @Test
  void namesTheLimitThatWasPassed() {
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i <= MetadataLimits.MAX_ENTRIES; i++) {
      many.put("k" + i, "");
    }
    assertThatThrownBy(() -> MetadataLimits.check(many, ""))
        .isInstanceOf(MetadataLimitException.class)
        .hasMessageContaining("limit is " + MetadataLimits.MAX_ENTRIES);
    assertThatThrownBy(
            () ->
                MetadataLimits.check(Map.of("n".repeat(MetadataLimits.MAX_NAME_BYTES + 1), ""), ""))
        .hasMessageContaining("limit is " + MetadataLimits.MAX_NAME_BYTES);
    assertThatThrownBy(
            () ->
                MetadataLimits.check(
                    Map.of("k", "é".repeat(MetadataLimits.MAX_VALUE_BYTES / 2 + 1)), ""))
        .hasMessageContaining("limit is " + MetadataLimits.MAX_VALUE_BYTES);
    Map<String, String> big = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      big.put("k" + i, "v".repeat(MetadataLimits.MAX_VALUE_BYTES));
    }
    assertThatThrownBy(() -> MetadataLimits.check(big, ""))
        .hasMessageContaining("limit is " + MetadataLimits.MAX_TOTAL_BYTES);
    assertThatThrownBy(
            () -> MetadataLimits.check(Map.of(), "s".repeat(MetadataLimits.MAX_SOURCE_BYTES + 1)))
        .hasMessageContaining("limit is " + MetadataLimits.MAX_SOURCE_BYTES);
    assertThatThrownBy(
            () ->
                MetadataLimits.checkContentType(
                    "image/" + "x".repeat(MetadataLimits.MAX_CONTENT_TYPE_BYTES)))
        .hasMessageContaining("limit is " + MetadataLimits.MAX_CONTENT_TYPE_BYTES);
    assertThatCode(() -> MetadataLimits.checkContentType("image/jpeg")).doesNotThrowAnyException();
  }
}
