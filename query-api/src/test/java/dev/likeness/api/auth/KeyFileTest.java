package dev.likeness.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  @TempDir Path tmp;

  @Test
  void aKeyAddedOrRevokedIsSeenWithoutARestart() throws Exception {
    ApiKey.Issued first = ApiKey.issue("first", Set.of(Scope.SEARCH));
    ApiKey.Issued second = ApiKey.issue("second", Set.of(Scope.WRITE));
    Path file = tmp.resolve("keys.txt");
    Files.write(file, List.of(first.entry().line()));
    Vertx vertx = Vertx.vertx();
    try (KeyFile keys = KeyFile.load(file).watch(vertx, Duration.ofMillis(50))) {
      assertThat(keys.keys().find(second.key())).isEmpty();

      Files.write(file, List.of(second.entry().line()), StandardOpenOption.APPEND);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> keys.keys().find(second.key()).isPresent());
      assertThat(keys.keys().find(first.key())).isPresent();

      Files.write(file, List.of(second.entry().line()));
      await().atMost(Duration.ofSeconds(10)).until(() -> keys.keys().find(first.key()).isEmpty());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aBrokenEditKeepsTheKeysLoadedBefore() throws Exception {
    ApiKey.Issued key = ApiKey.issue("kept", Set.of(Scope.SEARCH));
    Path file = tmp.resolve("keys.txt");
    Files.write(file, List.of(key.entry().line()));
    KeyFile keys = KeyFile.load(file);

    Files.write(file, List.of(key.entry().line(), "half a line"));
    assertThatThrownBy(keys::reloadIfChanged).hasMessageContaining("line 2");
    assertThat(keys.keys().find(key.key())).isPresent();

    Files.delete(file);
    assertThatThrownBy(keys::reloadIfChanged).hasMessageContaining("likeness keys add");
    assertThat(keys.keys().find(key.key())).isPresent();
  }

  @Test
  void aMissingFileSaysHowToMakeOne() {
    assertThatThrownBy(() -> KeyFile.load(tmp.resolve("none.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("likeness keys add");
  }
}
