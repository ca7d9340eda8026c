package dev.likeness.broker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A second client listener of a {@link KRaftBroker} on which clients must authenticate with SASL
 * (over plaintext: no TLS), for a cluster set up like a secured one. The PLAINTEXT listener stays
 * for the broker itself.
 *
 * <p>PLAIN users are written into the listener's JAAS configuration; SCRAM users are created with
 * the Admin API once the broker is up, as on a real cluster.
 *
 * @param mechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
 * @param users user names and their passwords
 */
public record SaslListener(String mechanism, Map<String, String> users) {
  /** The listener's name in the broker configuration. */
  static final String NAME = "SASL";

  public SaslListener {
    Objects.requireNonNull(mechanism, "mechanism");
    mechanism = mechanism.toUpperCase(Locale.ROOT);
    if (!mechanism.equals("PLAIN") && !isScram(mechanism)) {
      throw new IllegalArgumentException(
          "SASL mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, was " + mechanism);
    }
    users = Map.copyOf(users);
    if (users.isEmpty()) {
      throw new IllegalArgumentException("a SASL listener needs at least one user");
    }
    users.forEach(
        (user, password) -> {
          if (user.isBlank() || user.contains("\"") || password.contains("\"")) {
            throw new IllegalArgumentException(
                "SASL user names and passwords must not hold quotes");
          }
        });
  }

  /** SCRAM-SHA-256 with the given users. */
  public static SaslListener scram(Map<String, String> users) {
    return new SaslListener("SCRAM-SHA-256", users);
  }

  /** PLAIN with the given users. */
  public static SaslListener plain(Map<String, String> users) {
    return new SaslListener("PLAIN", users);
  }

  /** Whether the users are SCRAM credentials, created through the Admin API. */
  public boolean scram() {
    return isScram(mechanism);
  }

  /**
   * The client properties of {@code user} with {@code password} on this listener: {@code
   * security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
   */
  public Map<String, String> clientProperties(String user, String password) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", "SASL_PLAINTEXT");
    p.put("sasl.mechanism", mechanism);
    p.put(
        "sasl.jaas.config",
        loginModule() + " required username=\"" + user + "\" password=\"" + password + "\";");
    return p;
  }

  /** The broker properties of the listener; the listener itself is declared by the broker. */
  Map<String, String> brokerProperties() {
    String prefix = "listener.name." + NAME.toLowerCase(Locale.ROOT) + ".";
    Map<String, String> p = new LinkedHashMap<>();
    p.put(prefix + "sasl.enabled.mechanisms", mechanism);
    StringBuilder jaas = new StringBuilder(loginModule()).append(" required");
    if (!scram()) {
      users.forEach((user, password) -> jaas.append(" user_" + user + "=\"" + password + "\""));
    }
    p.put(prefix + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", jaas + ";");
    return p;
  }

  private String loginModule() {
    return scram()
        ? "org.apache.kafka.common.security.scram.ScramLoginModule"
        : "org.apache.kafka.common.security.plain.PlainLoginModule";
  }

  private static boolean isScram(String mechanism) {
    return mechanism.equals("SCRAM-SHA-256") || mechanism.equals("SCRAM-SHA-512");
  }

  @Override
  public String toString() {
    // Passwords stay out of logs.
    return "SaslListener[" + mechanism + ", users=" + users.keySet() + "]";
  }
}
