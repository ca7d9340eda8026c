package dev.likeness.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedded broker's SASL listener lets its users in and no one else. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("broker")
class SaslListenerTest {
  @TempDir Path dataDir;

  @ParameterizedTest
  @ValueSource(strings = {"SCRAM-SHA-256", "PLAIN"})
  void theRightPasswordIsLetInAndAWrongOneRefused(String mechanism) throws Exception {
    SaslListener sasl = new SaslListener(mechanism, Map.of("likeness", "right-pw"));
    try (KRaftBroker broker =
        KRaftBroker.start(KRaftBroker.Settings.builder(dataDir).saslListener(sasl).build())) {
      assertThat(broker.saslBootstrapServers())
          .startsWith("127.0.0.1:")
          .isNotEqualTo(broker.bootstrapServers());

      try (Admin admin = admin(broker, sasl.clientProperties("likeness", "right-pw"))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      }
      long t0 = System.nanoTime();
      try (Admin admin = admin(broker, sasl.clientProperties("likeness", "wrong-pw"))) {
        assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
    }
  }

  @Test
  void passwordsStayOutOfTheDescription() {
    assertThat(SaslListener.scram(Map.of("likeness", "right-pw")).toString())
        .contains("SCRAM-SHA-256", "likeness")
        .doesNotContain("right-pw");
  }

  private static Admin admin(KRaftBroker broker, Map<String, String> security) {
    Map<String, Object> p = new HashMap<>(security);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
    return Admin.create(p);
  }
}
