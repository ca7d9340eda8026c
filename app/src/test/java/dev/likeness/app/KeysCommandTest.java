package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.api.auth.ApiKey;
import dev.likeness.api.auth.ApiKeys;
import dev.likeness.api.auth.Scope;
import dev.likeness.app.LikenessCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  @Test
  void addPrintsANewKeyOnceAndAppendsOnlyItsHash(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("conf").resolve("keys.txt");

    Run alice =
        LikenessCliTest.run(
            "keys", "add", "alice", "--scopes", "search,write", "--file", file.toString());
    Run ops =
        LikenessCliTest.run("keys", "add", "ops", "--scopes", "admin", "--file", file.toString());

    assertThat(alice.exit()).as(alice.err()).isZero();
    assertThat(ops.exit()).as(ops.err()).isZero();
    String aliceKey = alice.out().strip();
    assertThat(aliceKey).startsWith(ApiKey.PREFIX);
    assertThat(alice.err()).contains("shown only this once");
    String content = Files.readString(file);
    assertThat(content).doesNotContain(aliceKey.substring(ApiKey.PREFIX.length()));
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    ApiKeys keys = ApiKeys.parse(Files.readAllLines(file));
    assertThat(keys.names()).containsExactly("alice", "ops");
    assertThat(keys.find(aliceKey).orElseThrow().scopes())
        .containsExactlyInAnyOrder(Scope.SEARCH, Scope.WRITE);
    assertThat(keys.find(ops.out().strip()).orElseThrow().name()).isEqualTo("ops");
  }

  @Test
  void aNameUsedTwiceOrAnUnknownScopeChangesNothing(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("keys.txt");
    assertThat(
            LikenessCliTest.run(
                    "keys", "add", "alice", "--scopes", "search", "--file", file.toString())
                .exit())
        .isZero();
    String before = Files.readString(file);

    Run twice =
        LikenessCliTest.run("keys", "add", "alice", "--scopes", "write", "--file", file.toString());
    Run unknown =
        LikenessCliTest.run("keys", "add", "bob", "--scopes", "root", "--file", file.toString());

    assertThat(twice.exit()).isNotZero();
    assertThat(twice.err()).contains("already has a key named 'alice'");
    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.err()).contains("unknown scope 'root'");
    assertThat(twice.out() + unknown.out()).doesNotContain(ApiKey.PREFIX);
    assertThat(Files.readString(file)).isEqualTo(before);
  }
}
