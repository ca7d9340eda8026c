package dev.likeness.api.auth;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of a key file. A line is {@code sha256:SALT:HASH SCOPES NAME} (SCOPES comma-separated
 * from {@code search}, {@code write}, {@code admin}); blank lines and lines from {@code #} are
 * skipped.
 */
public final class ApiKeys {
  private final List<ApiKey> keys;

  private ApiKeys(List<ApiKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * Parses a key file's lines.
   *
   * @throws IllegalArgumentException naming the first bad line, or a name used twice
   */
  public static ApiKeys parse(List<String> lines) {
    List<ApiKey> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      ApiKey key;
      try {
        key = parseLine(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (!names.add(key.name())) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": the name '" + key.name() + "' is used twice");
      }
      keys.add(key);
    }
    return new ApiKeys(keys);
  }

  private static ApiKey parseLine(String line) {
    String[] fields = line.split("\\s+");
    if (fields.length != 3) {
      throw new IllegalArgumentException(
          "expected 'sha256:SALT:HASH SCOPES NAME' (three fields), found " + fields.length);
    }
    String[] hash = fields[0].split(":");
    if (hash.length != 3 || !hash[0].equals(ApiKey.SCHEME)) {
      throw new IllegalArgumentException("the hash must read sha256:SALT:HASH");
    }
    Base64.Decoder b64 = Base64.getUrlDecoder();
    byte[] salt = b64.decode(hash[1]);
    byte[] digest = b64.decode(hash[2]);
    if (salt.length < 16 || digest.length != 32) {
      throw new IllegalArgumentException(
          "the salt must be at least 16 bytes and the hash 32 bytes of SHA-256");
    }
    return new ApiKey(fields[2], Scope.parseList(fields[1]), salt, digest);
  }

  /** The key {@code presented} is, if any; every entry is compared in constant time. */
  public Optional<ApiKey> find(String presented) {
    ApiKey found = null;
    // No early exit: the time taken does not tell which line matched.
    for (ApiKey key : keys) {
      if (key.matches(presented) && found == null) {
        found = key;
      }
    }
    return Optional.ofNullable(found);
  }

  /** How many keys the file holds. */
  public int size() {
    return keys.size();
  }

  /** The names of the keys, in file order. */
  public List<String> names() {
    return keys.stream().map(ApiKey::name).toList();
  }
}
