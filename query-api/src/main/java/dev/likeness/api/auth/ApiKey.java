package dev.likeness.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of a key file: the salted hash of a key, what it may do and whose it is. The key itself
 * is never stored.
 *
 * <p>Keys are 256 random bits, so the hash is a salted SHA-256 rather than a slow password KDF: no
 * dictionary or brute force reaches a 256-bit secret, whatever the hash costs, while a KDF would
 * add milliseconds to every request. The salt keeps two lines with the same key distinct and makes
 * precomputed tables useless.
 */
public record ApiKey(String name, Set<Scope> scopes, byte[] salt, byte[] hash) {
  /** The prefix of every key, so a leaked one is recognisable in logs and by secret scanners. */
  public static final String PREFIX = "lk_";

  /** How a line's hash starts: the scheme, then salt and hash in base64url. */
  static final String SCHEME = "sha256";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final int KEY_BYTES = 32;
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** Checks the name and copies the scopes. */
  public ApiKey {
    requireName(name);
    scopes = Set.copyOf(scopes);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("key '" + name + "' has no scope");
    }
  }

  /**
   * @throws IllegalArgumentException unless {@code name} is 1-64 of letters, digits, {@code ._@-}
   */
  public static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a key's name is 1-64 letters, digits or . _ @ -, was '" + name + "'");
    }
  }

  /** A new random key: the key to hand out once, and its line for the key file. */
  public static Issued issue(String name, Set<Scope> scopes) {
    byte[] secret = new byte[KEY_BYTES];
    RANDOM.nextBytes(secret);
    String key = PREFIX + B64.encodeToString(secret);
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new Issued(key, new ApiKey(name, scopes, salt, digest(salt, key)));
  }

  /** A key just made: {@code key} is shown once, {@code entry} is what the file keeps. */
  public record Issued(String key, ApiKey entry) {}

  /** Whether {@code presented} is this key, compared in constant time. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(hash, digest(salt, presented));
  }

  /** The key file line: {@code sha256:SALT:HASH scopes name}. */
  public String line() {
    return SCHEME
        + ":"
        + B64.encodeToString(salt)
        + ":"
        + B64.encodeToString(hash)
        + " "
        + Scope.format(scopes)
        + " "
        + name;
  }

  static byte[] digest(byte[] salt, String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
