package dev.likeness.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the nodes of a cluster sign their calls to each other with: HMAC-SHA256 over the
 * method, the path with its query, a timestamp and the body. A receiver accepts a call whose
 * timestamp is within {@link #MAX_SKEW} of its own clock and whose signature matches, compared in
 * constant time.
 */
public final class ClusterSecret {
  /** The header with the signing time, in seconds since the epoch. */
  public static final String TIMESTAMP_HEADER = "x-likeness-timestamp";

  /** The header with the signature, base64. */
  public static final String SIGNATURE_HEADER = "x-likeness-signature";

  /** How far a call's timestamp may be from the receiver's clock, either way. */
  public static final Duration MAX_SKEW = Duration.ofSeconds(60);

  /** The shortest secret accepted from a file, in bytes. */
  public static final int MIN_BYTES = 16;

  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;
  private final String origin;

  private ClusterSecret(byte[] secret, String origin) {
    this.key = new SecretKeySpec(secret, HMAC);
    this.origin = origin;
  }

  /**
   * The secret in {@code file} (its content, surrounding white space dropped).
   *
   * @throws IllegalArgumentException if it is missing or shorter than {@value #MIN_BYTES} bytes
   */
  public static ClusterSecret fromFile(Path file) {
    byte[] secret;
    try {
      secret =
          Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the cluster secret file " + file + ": " + e.getMessage(), e);
    }
    if (secret.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "the cluster secret in "
              + file
              + " is "
              + secret.length
              + " bytes; use at least "
              + MIN_BYTES
              + ", e.g. `head -c 32 /dev/urandom | base64 > "
              + file
              + "`");
    }
    return new ClusterSecret(secret, "--cluster-secret-file " + file);
  }

  /** A secret from {@code text}, for tests and embedding. */
  public static ClusterSecret of(String text) {
    return new ClusterSecret(text.getBytes(StandardCharsets.UTF_8), "a configured secret");
  }

  /**
   * A random secret no other process knows: a node given none signs and accepts only its own calls,
   * so its internal routes serve nobody else.
   */
  public static ClusterSecret random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new ClusterSecret(secret, "a random secret of this process");
  }

  /** Where the secret came from, for log lines. */
  public String origin() {
    return origin;
  }

  /** The signature of a call: base64 HMAC-SHA256 of method, path and query, time and body. */
  public String sign(String method, String pathAndQuery, long epochSecond, byte[] body) {
    return Base64.getEncoder().encodeToString(mac(method, pathAndQuery, epochSecond, body));
  }

  /** Whether {@code signature} is this secret's for the call, compared in constant time. */
  public boolean verify(
      String method, String pathAndQuery, long epochSecond, byte[] body, String signature) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(method, pathAndQuery, epochSecond, body), given);
  }

  private byte[] mac(String method, String pathAndQuery, long epochSecond, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      // Newlines cannot occur in the method, the request target or the number: no ambiguity.
      mac.update(
          (method + "\n" + pathAndQuery + "\n" + epochSecond + "\n")
              .getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
