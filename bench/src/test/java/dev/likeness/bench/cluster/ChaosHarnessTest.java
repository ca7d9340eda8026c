package dev.likeness.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short chaos run: three nodes under load through one node kill -9 and, once brokers run in a
 * quorum of three, one broker kill -9. Nothing acknowledged may be lost, duplicated or
 * dead-lettered, and every node must find every image at the end. How many searches were complete
 * or stale is for the benchmark to judge, not this test.
 */
@Tag("broker")
class ChaosHarnessTest {
  @TempDir Path work;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void loseNothingThroughANodeKillAndABrokerKill() throws Exception {
    boolean quorum = LocalCluster.brokersFormQuorums();
    List<Fault> faults = new ArrayList<>(List.of(Fault.NODE_KILL));
    if (quorum) {
      faults.add(Fault.BROKER_KILL);
    }
    ChaosConfig config =
        ChaosConfig.builder(work, System.getProperty("java.class.path"))
            .brokers(quorum ? 3 : 1)
            .nodes(3)
            .partitions(6)
            .imagesPerSecond(10)
            .faults(faults)
            .cycles(1)
            .warmUp(Duration.ofSeconds(5))
            .settle(Duration.ofSeconds(2))
            .recoveryTimeout(Duration.ofSeconds(90))
            .startTimeout(Duration.ofMinutes(3))
            .drainTimeout(Duration.ofMinutes(2))
            .build();

    ChaosReport report = ChaosRun.run(config);
    System.out.println(report.markdown());

    assertThat(report.acked()).as("images acknowledged").isPositive();
    assertThat(report.lost()).as("lost images").isZero();
    assertThat(report.duplicated()).as("duplicated images").isZero();
    assertThat(report.deadLettered()).as("dead-lettered good images").isZero();
    assertThat(report.unreachable()).as("images some node did not find").isZero();
    assertThat(report.perFault())
        .extracting(FaultRow::label)
        .containsAll(faults.stream().map(Fault::label).toList());
    assertThat(report.perFault())
        .allSatisfy(r -> assertThat(r.published()).as(r.label() + " published").isPositive());
    assertThat(report.windows().stream().mapToLong(FaultRow::complete).sum())
        .as("complete searches")
        .isPositive();
  }
}
