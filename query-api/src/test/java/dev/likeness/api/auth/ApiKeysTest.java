package dev.likeness.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void anIssuedKeyIsFoundFromItsLineAndNothingElseIs() {
    ApiKey.Issued alice = ApiKey.issue("alice", Set.of(Scope.SEARCH, Scope.WRITE));
    ApiKey.Issued ops = ApiKey.issue("ops", Set.of(Scope.ADMIN));
    ApiKeys keys =
        ApiKeys.parse(List.of("# comment", "", alice.entry().line(), ops.entry().line()));

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.find(alice.key()).map(ApiKey::name)).contains("alice");
    assertThat(keys.find(alice.key()).orElseThrow().scopes())
        .containsExactlyInAnyOrder(Scope.SEARCH, Scope.WRITE);
    assertThat(keys.find(ops.key()).map(ApiKey::name)).contains("ops");
    assertThat(keys.find(alice.key() + "x")).isEmpty();
    assertThat(keys.find("")).isEmpty();
  }

  @Test
  void theFileHoldsNeitherTheKeyNorAnUnsaltedHash() {
    ApiKey.Issued a = ApiKey.issue("a", Set.of(Scope.SEARCH));
    ApiKey.Issued b = ApiKey.issue("b", Set.of(Scope.SEARCH));
    String line = a.entry().line();

    assertThat(a.key()).startsWith(ApiKey.PREFIX).hasSizeGreaterThan(40);
    assertThat(line).doesNotContain(a.key().substring(ApiKey.PREFIX.length()));
    assertThat(line).startsWith("sha256:").endsWith(" search a");
    // Same key text hashed with another salt does not match: the salt is part of the hash.
    assertThat(a.key()).isNotEqualTo(b.key());
    assertThat(a.entry().salt()).isNotEqualTo(b.entry().salt());
  }

  @Test
  void badLinesAreNamedByNumber() {
    ApiKey.Issued a = ApiKey.issue("a", Set.of(Scope.SEARCH));
    assertThatThrownBy(() -> ApiKeys.parse(List.of(a.entry().line(), "sha256:x:y search")))
        .hasMessageContaining("line 2")
        .hasMessageContaining("three fields");
    assertThatThrownBy(
            () -> ApiKeys.parse(List.of(a.entry().line().replace(" search ", " searchh "))))
        .hasMessageContaining("line 1")
        .hasMessageContaining("unknown scope 'searchh'");
    assertThatThrownBy(() -> ApiKeys.parse(List.of(a.entry().line(), a.entry().line())))
        .hasMessageContaining("line 2")
        .hasMessageContaining("'a' is used twice");
    assertThatThrownBy(() -> ApiKeys.parse(List.of("md5:AAAA:BBBB search a")))
        .hasMessageContaining("sha256:SALT:HASH");
  }

  @Test
  void namesAndScopesAreChecked() {
    assertThatThrownBy(() -> ApiKey.issue("two words", Set.of(Scope.SEARCH)))
        .hasMessageContaining("name");
    assertThatThrownBy(() -> ApiKey.issue("x", Set.of())).hasMessageContaining("no scope");
    assertThat(Scope.parseList("write, admin ,search"))
        .containsExactlyInAnyOrder(Scope.SEARCH, Scope.WRITE, Scope.ADMIN);
    assertThat(Scope.format(Set.of(Scope.ADMIN, Scope.SEARCH))).isEqualTo("search,admin");
    assertThatThrownBy(() -> Scope.parseList(",")).hasMessageContaining("no scope");
  }
}
