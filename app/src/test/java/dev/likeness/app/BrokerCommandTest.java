package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.likeness.broker.KRaftBroker;
import dev.likeness.broker.QuorumVoters;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.config.ConfigResolver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code likeness broker}, turned into broker settings. */
class BrokerCommandTest {
  private static final String VOTERS = "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097";

  private static KRaftBroker.Settings parse(String... args) {
    BrokerCommand command = new BrokerCommand();
    new CommandLine(command).parseArgs(args);
    return command.toSettings();
  }

  @Test
  void aloneByDefault() {
    KRaftBroker.Settings s = parse();
    assertThat(s.nodeId()).isEqualTo(1);
    assertThat(s.port()).isEqualTo(9092);
    assertThat(s.controllerPort()).isZero();
    assertThat(s.quorumVoters()).isEmpty();
    assertThat(s.clusterId()).isEmpty();
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.advertisedHost()).isEqualTo("127.0.0.1");
    assertThat(s.dataDir()).isEqualTo(Path.of("likeness-data", "kafka").toAbsolutePath());
    assertThat(s.defaultReplicationFactor()).isEqualTo(1);
    assertThat(s.defaultMinInsyncReplicas()).isEqualTo(1);
  }

  @Test
  void aQuorumMemberTakesItsControllerPortFromItsVoterEntry() {
    KRaftBroker.Settings s =
        parse(
            "--node-id",
            "2",
            "--kafka-port",
            "9094",
            "--controller-quorum-voters",
            VOTERS,
            "--data-dir",
            "b2",
            "--host",
            "0.0.0.0",
            "--advertised-host",
            "kafka2.example");
    assertThat(s.nodeId()).isEqualTo(2);
    assertThat(s.port()).isEqualTo(9094);
    assertThat(s.controllerPort()).isEqualTo(19095);
    assertThat(s.quorumVoters()).contains(QuorumVoters.parse(VOTERS));
    assertThat(s.host()).isEqualTo("0.0.0.0");
    assertThat(s.advertisedHost()).isEqualTo("kafka2.example");
    assertThat(s.dataDir()).isEqualTo(Path.of("b2", "kafka").toAbsolutePath());
    assertThat(s.startupTimeout()).isEqualTo(BrokerCommand.QUORUM_STARTUP_TIMEOUT);
    assertThat(s.defaultReplicationFactor()).isEqualTo(3);
    assertThat(s.defaultMinInsyncReplicas()).isEqualTo(2);
  }

  @Test
  void everyMemberDerivesTheSameClusterIdUnlessOneIsGiven() {
    String derived = QuorumVoters.parse(VOTERS).derivedClusterId();
    assertThat(derived).hasSize(22).doesNotStartWith("-");
    // The order of the entries does not matter.
    assertThat(QuorumVoters.parse("3@127.0.0.1:19097,1@127.0.0.1:19093,2@127.0.0.1:19095"))
        .extracting(QuorumVoters::derivedClusterId)
        .isEqualTo(derived);
    assertThat(QuorumVoters.parse("1@127.0.0.1:29093,2@127.0.0.1:29095,3@127.0.0.1:29097"))
        .extracting(QuorumVoters::derivedClusterId)
        .isNotEqualTo(derived);

    String given = "MkU3OEVBNTcwNTJENDM2Qg";
    assertThat(parse("--controller-quorum-voters", VOTERS, "--cluster-id", given).clusterId())
        .contains(given);
  }

  @Test
  void theControllerPortMustAgreeWithTheVoterEntry() {
    assertThat(
            parse("--controller-quorum-voters", VOTERS, "--controller-port", "19093")
                .controllerPort())
        .isEqualTo(19093);
    assertThatThrownBy(
            () -> parse("--controller-quorum-voters", VOTERS, "--controller-port", "19095"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("19095")
        .hasMessageContaining("1@127.0.0.1:19093");
  }

  @Test
  void badQuorumFlagsAreUsageErrors() {
    LikenessCliTest.Run notAVoter =
        LikenessCliTest.run("broker", "--node-id", "4", "--controller-quorum-voters", VOTERS);
    assertThat(notAVoter.exit()).isEqualTo(2);
    assertThat(notAVoter.err()).contains("node id 4 is not one of the controller quorum voters");

    LikenessCliTest.Run malformed =
        LikenessCliTest.run("broker", "--controller-quorum-voters", "1@127.0.0.1");
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err()).contains("'1@127.0.0.1' is not a voter of the form id@host:port");

    LikenessCliTest.Run badId =
        LikenessCliTest.run(
            "broker", "--controller-quorum-voters", VOTERS, "--cluster-id", "not-an-id");
    assertThat(badId.exit()).isEqualTo(2);
    assertThat(badId.err()).contains("cluster id not-an-id");

    LikenessCliTest.Run wildcard = LikenessCliTest.run("broker", "--host", "0.0.0.0");
    assertThat(wildcard.exit()).isEqualTo(2);
    assertThat(wildcard.err()).contains("give an advertised host");
  }

  @Test
  void everyFlagAlsoComesFromTheEnvironment() {
    ConfigResolver env =
        new ConfigResolver(
            Map.of(
                "LIKENESS_NODE_ID", "3",
                "LIKENESS_CONTROLLER_QUORUM_VOTERS", VOTERS,
                "LIKENESS_KAFKA_PORT", "9096",
                "LIKENESS_HOST", "127.0.0.2",
                "LIKENESS_CLUSTER_ID", "MkU3OEVBNTcwNTJENDM2Qg"),
            null);
    BrokerCommand command = new BrokerCommand();
    new CommandLine(command).setDefaultValueProvider(new SettingsDefaultProvider(env)).parseArgs();
    KRaftBroker.Settings s = command.toSettings();
    assertThat(s.nodeId()).isEqualTo(3);
    assertThat(s.controllerPort()).isEqualTo(19097);
    assertThat(s.port()).isEqualTo(9096);
    assertThat(s.advertisedHost()).isEqualTo("127.0.0.2");
    assertThat(s.clusterId()).contains("MkU3OEVBNTcwNTJENDM2Qg");
  }
}
