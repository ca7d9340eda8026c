package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageIdTest {
  @Test
  void acceptsPathsUnicodeAndTheMaximumLength() {
    assertThat(ImageId.validate("holiday/2024/beach.jpg")).isEqualTo("holiday/2024/beach.jpg");
    assertThat(ImageId.isValid("日本/富士山 🗻.png")).isTrue();
    assertThat(ImageId.isValid("x".repeat(256))).isTrue();
  }

  @Test
  void rejectsWithAMessageThatSaysWhatToFix() {
    assertThatThrownBy(() -> ImageId.validate("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ImageId.validate(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> ImageId.validate("x".repeat(257)))
        .hasMessageContaining("257")
        .hasMessageContaining("256");
    assertThatThrownBy(() -> ImageId.validate("a\nb")).hasMessageContaining("control");
    assertThatThrownBy(() -> ImageId.validate("   ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> ImageId.validate("a\uD800b")).hasMessageContaining("UTF-16");
  }
}
