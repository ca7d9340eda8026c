package dev.likeness.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Which failures are a cluster refusing this process, and what the operator is told. */
class KafkaRefusalTest {
  @Test
  void aWrongPasswordDeepInTheCausesIsNamed() {
    Exception failure =
        new KafkaException(
            "cannot reach",
            new ExecutionException(
                new SaslAuthenticationException(
                    "Authentication failed during authentication due to invalid credentials")));
    assertThat(KafkaRefusal.explain(failure))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("Kafka authentication failed")
                    .contains("invalid credentials", "sasl.jaas.config"));
  }

  @Test
  void aFailedHandshakeAndMissingAclsHaveTheirOwnWords() {
    assertThat(KafkaRefusal.explain(new SslAuthenticationException("PKIX path")))
        .hasValueSatisfying(m -> assertThat(m).startsWith("Kafka TLS handshake failed"));
    assertThat(KafkaRefusal.explain(new TopicAuthorizationException("likeness.images")))
        .hasValueSatisfying(m -> assertThat(m).startsWith("Kafka refused an operation (ACLs)"));
  }

  @Test
  void anOutageIsNotARefusal() {
    assertThat(KafkaRefusal.explain(new KafkaException(new TimeoutException("no answer"))))
        .isEmpty();
  }
}
