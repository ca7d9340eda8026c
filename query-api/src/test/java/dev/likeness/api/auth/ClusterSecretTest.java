package dev.likeness.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
  private static final byte[] BODY = "{\"k\":5}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aSignatureCoversMethodTargetTimeAndBody() {
    ClusterSecret secret = ClusterSecret.of("a secret shared by the nodes");
    String sig = secret.sign("POST", "/internal/search?x=1", 1000, BODY);

    assertThat(secret.verify("POST", "/internal/search?x=1", 1000, BODY, sig)).isTrue();
    assertThat(secret.verify("GET", "/internal/search?x=1", 1000, BODY, sig)).isFalse();
    assertThat(secret.verify("POST", "/internal/search?x=2", 1000, BODY, sig)).isFalse();
    assertThat(secret.verify("POST", "/internal/search?x=1", 1001, BODY, sig)).isFalse();
    assertThat(secret.verify("POST", "/internal/search?x=1", 1000, new byte[0], sig)).isFalse();
    assertThat(secret.verify("POST", "/internal/search?x=1", 1000, BODY, "not base64!")).isFalse();
    assertThat(
            ClusterSecret.of("another secret of other nodes")
                .verify("POST", "/internal/search?x=1", 1000, BODY, sig))
        .isFalse();
    assertThat(ClusterSecret.random().verify("POST", "/internal/search?x=1", 1000, BODY, sig))
        .isFalse();
  }

  @Test
  void aFileSecretIsTrimmedAndMustBeLongEnough(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("secret");
    Files.writeString(file, "0123456789abcdef0123\n");
    String sig = ClusterSecret.fromFile(file).sign("GET", "/internal/x", 1, new byte[0]);
    assertThat(
            ClusterSecret.of("0123456789abcdef0123")
                .verify("GET", "/internal/x", 1, new byte[0], sig))
        .isTrue();

    Files.writeString(file, "short\n");
    assertThatThrownBy(() -> ClusterSecret.fromFile(file))
        .hasMessageContaining("at least " + ClusterSecret.MIN_BYTES);
  }
}
