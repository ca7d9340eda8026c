package dev.likeness.contract.kafka;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * A cluster that refused this process: wrong credentials, a TLS handshake that failed, or ACLs that
 * deny an operation. Kafka clients retry nothing of these, so they are worth a message of their own
 * instead of a stack trace or a timeout.
 */
public final class KafkaRefusal {
  private KafkaRefusal() {}

  /**
   * What to tell the operator when {@code failure} (or one of its causes) is a refusal by the
   * cluster, else empty.
   */
  public static Optional<String> explain(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SslAuthenticationException) {
        return Optional.of(
            "Kafka TLS handshake failed: "
                + t.getMessage()
                + ". Check the ssl.* settings of --kafka-config (truststore, host name).");
      }
      if (t instanceof AuthenticationException) {
        return Optional.of(
            "Kafka authentication failed: "
                + t.getMessage()
                + ". Check security.protocol, sasl.mechanism and the credentials in"
                + " sasl.jaas.config of --kafka-config.");
      }
      if (t instanceof AuthorizationException) {
        return Optional.of(
            "Kafka refused an operation (ACLs): "
                + t.getMessage()
                + ". The principal of --kafka-config needs the ACLs listed in the README"
                + " (Kafka security).");
      }
    }
    return Optional.empty();
  }
}
