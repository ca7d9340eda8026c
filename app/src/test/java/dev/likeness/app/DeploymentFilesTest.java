package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.likeness.app.deploy.ComposeFile;
import dev.likeness.app.deploy.Dockerfile;
import dev.likeness.app.deploy.EnvFile;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.config.ConfigResolver;
import dev.likeness.ingest.publish.RecordSize;
import dev.likeness.node.NodeConfig;
import dev.likeness.testing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The deployment files of {@code docker/}, checked without a Docker engine: the compose file as
 * docker-compose reads it, every {@code LIKENESS_*} setting against the {@code likeness node}
 * command, the Prometheus targets, the brokers' version and limits, and the node image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentFilesTest {
  // Maven runs the tests from the module folder; the files ship in docker/ at the root.
  private static final Path DOCKER = Path.of("..", "docker");
  private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
  private static final String KAFKA_IMAGE = "apache/kafka";

  private ComposeFile compose;
  private List<String> nodes;
  private List<String> brokers;

  @BeforeAll
  void read() throws IOException {
    compose = ComposeFile.read(COMPOSE);
    nodes = compose.services().stream().filter(s -> compose.dockerfile(s).isPresent()).toList();
    brokers =
        compose.services().stream()
            .filter(s -> compose.image(s).orElse("").startsWith(KAFKA_IMAGE + ":"))
            .toList();
    assertThat(nodes).as("services built from the node image").hasSize(3);
    assertThat(brokers).as("Kafka brokers").hasSize(3);
  }

  @Test
  void dockerComposeAcceptsTheFileAndResolvesTheSameEnvironment() throws Exception {
    Path tool = ExternalTool.require("docker-compose", "docker-compose");
    assertThat(run(tool.toString(), "-f", COMPOSE.toString(), "config", "--quiet"))
        .as("docker-compose config --quiet")
        .isEmpty();
    ComposeFile resolved =
        ComposeFile.parse(run(tool.toString(), "-f", COMPOSE.toString(), "config"), DOCKER);
    assertThat(resolved.services()).containsExactlyInAnyOrderElementsOf(compose.services());
    for (String service : compose.services()) {
      assertThat(resolved.environment(service))
          .as("%s's environment as docker-compose resolves it", service)
          .isEqualTo(compose.environment(service));
    }
  }

  @Test
  void everyLikenessVariableIsAnOptionOfTheNodeCommand() throws IOException {
    Set<String> options = new TreeSet<>();
    for (OptionSpec option : nodeCommandSpec().options()) {
      if (!option.usageHelp() && !option.versionHelp()) {
        options.add(ConfigResolver.envName(option.longestName().replaceFirst("^-+", "")));
      }
    }
    assertThat(options).contains("LIKENESS_BOOTSTRAP_SERVERS", "LIKENESS_ADVERTISED_HOST");

    Map<String, Set<String>> setBy = new LinkedHashMap<>();
    setBy.put("Dockerfile", likenessKeys(image(nodes.get(0)).environment()));
    for (String node : nodes) {
      setBy.put(node, likenessKeys(compose.environment(node)));
    }
    setBy.put("likeness.env", likenessKeys(envFile("likeness.env")));
    setBy.forEach(
        (where, vars) ->
            assertThat(options)
                .as("options of `likeness node`, set in %s", where)
                .containsAll(vars));
    assertThat(setBy.get("likeness.env")).as("likeness.env sets something").isNotEmpty();
  }

  @Test
  void nodesGetTheSettingsTheComposeFileMeans() throws IOException {
    Set<String> applications = new TreeSet<>();
    List<String> brokerAddresses =
        brokers.stream().map(b -> b + ":" + listenerPort(b, "PLAINTEXT")).toList();
    for (String node : nodes) {
      NodeCommand command = nodeCommand(node);
      NodeConfig config = command.node.toConfig(command.bootstrapServers, Path.of("state"));
      assertThat(config.advertisedHost())
          .as("%s advertises its service name", node)
          .isEqualTo(node);
      assertThat(config.instanceId()).as("%s's instance id", node).isEqualTo(node);
      assertThat(config.httpHost()).as("%s listens on every interface", node).isEqualTo("0.0.0.0");
      assertThat(Arrays.asList(config.bootstrapServers().split(",")))
          .as("%s's bootstrap servers", node)
          .containsExactlyInAnyOrderElementsOf(brokerAddresses);
      assertThat(compose.volumeTargets(node))
          .as("%s keeps its data folder on a volume", node)
          .contains(command.node.dataDir.toString());
      assertThat(config.replicationFactor()).isBetween((short) 1, (short) brokers.size());
      // Nodes of one cluster sign their calls to each other with one secret, mounted in each.
      assertThat(config.clusterSecretFile())
          .as("%s's --cluster-secret-file", node)
          .hasValueSatisfying(
              file -> assertThat(compose.secretTargets(node)).contains(file.toString()));
      applications.add(config.applicationId());
    }
    assertThat(applications).as("one application id: the nodes share one index").hasSize(1);
  }

  @Test
  void prometheusScrapesEveryNodeService() throws IOException {
    JsonNode config =
        new ObjectMapper(new YAMLFactory())
            .readTree(DOCKER.resolve("prometheus").resolve("prometheus.yml").toFile());
    List<String> targets = new ArrayList<>();
    for (JsonNode job : config.path("scrape_configs")) {
      assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
      job.path("static_configs")
          .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
    }
    List<String> expected = new ArrayList<>();
    for (String node : nodes) {
      NodeCommand command = nodeCommand(node);
      expected.add(node + ":" + command.node.httpPort);
    }
    assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void brokersRunTheClientsKafkaVersionAsOneQuorumWithRoomForTheLargestImage() throws IOException {
    String voters = null;
    Map<String, String> nodeIds = new LinkedHashMap<>();
    for (String broker : brokers) {
      assertThat(compose.image(broker)).hasValue(KAFKA_IMAGE + ":" + kafkaVersion());
      Map<String, String> env = compose.environment(broker);
      assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
      assertThat(env.get("CLUSTER_ID")).as("%s's cluster id", broker).isNotBlank();
      if (voters == null) {
        voters = env.get("KAFKA_CONTROLLER_QUORUM_VOTERS");
      }
      assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(voters);
      nodeIds.put(env.get("KAFKA_NODE_ID"), broker + ":" + listenerPort(broker, "CONTROLLER"));
      assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
          .contains("PLAINTEXT://" + broker + ":" + listenerPort(broker, "PLAINTEXT"));

      int messageMax = Integer.parseInt(env.get("KAFKA_MESSAGE_MAX_BYTES"));
      assertThat(messageMax).isEqualTo(KRaftBroker.DEFAULT_MESSAGE_MAX_BYTES);
      assertThat(Integer.parseInt(env.get("KAFKA_REPLICA_FETCH_MAX_BYTES"))).isEqualTo(messageMax);
      for (String node : nodes) {
        NodeCommand command = nodeCommand(node);
        assertThat(messageMax)
            .as("%s's message.max.bytes holds %s's largest record", broker, node)
            .isGreaterThanOrEqualTo(RecordSize.forImageLimit(command.node.maxImageBytes));
      }
      int replicas = Integer.parseInt(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR"));
      assertThat(replicas).isEqualTo(brokers.size());
      assertThat(Integer.parseInt(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")))
          .isEqualTo(replicas);
      assertThat(Integer.parseInt(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")))
          .isEqualTo(replicas);
      assertThat(Integer.parseInt(env.get("KAFKA_MIN_INSYNC_REPLICAS"))).isEqualTo(replicas - 1);
      assertThat(Integer.parseInt(env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")))
          .isEqualTo(replicas - 1);
      assertThat(compose.volumeTargets(broker)).contains(env.get("KAFKA_LOG_DIRS"));
    }
    assertThat(
            Arrays.stream(voters.split(","))
                .map(v -> v.split("@", 2))
                .collect(Collectors.toMap(v -> v[0], v -> v[1])))
        .as("the controller quorum is the three brokers")
        .isEqualTo(nodeIds);
  }

  @Test
  void nodesAreHealthCheckedOnReadinessAndWaitForHealthyBrokers() throws IOException {
    for (String broker : brokers) {
      assertThat(compose.healthcheck(broker)).as("%s's health check", broker).isPresent();
    }
    for (String node : nodes) {
      Dockerfile image = image(node);
      String check = image.last("HEALTHCHECK").orElse("");
      int port = nodeCommand(node).node.httpPort;
      assertThat(check)
          .as("%s's image checks readiness on the node's port", node)
          .contains("/health/ready")
          .containsPattern("[:{-]" + port + "\\b");
      assertThat(image.last("EXPOSE")).hasValue(Integer.toString(port));
      assertThat(compose.healthcheck(node)).as("%s keeps the image's health check", node).isEmpty();
      assertThat(compose.dependsOn(node))
          .as("%s starts once every broker is healthy", node)
          .containsAllEntriesOf(
              brokers.stream().collect(Collectors.toMap(b -> b, b -> "service_healthy")));
    }
  }

  @Test
  void theImageRunsTheLauncherAsTheScriptDoesAndNotAsRoot() throws IOException {
    Dockerfile image = image(nodes.get(0));
    List<String> entrypoint = image.execForm("ENTRYPOINT");
    assertThat(entrypoint.get(0)).isEqualTo("java");
    // The JVM options the ./likeness script always passes.
    String script = Files.readString(Path.of("..", "likeness"), StandardCharsets.UTF_8);
    assertThat(script).contains("--add-modules jdk.incubator.vector");
    assertThat(String.join(" ", entrypoint)).contains("--add-modules jdk.incubator.vector");
    int jar = entrypoint.indexOf("-jar");
    assertThat(jar).isPositive();
    assertThat(entrypoint.get(jar + 1)).endsWith("/likeness.jar");
    assertThat(image.execForm("CMD")).containsExactly("node");
    assertThat(image.last("USER")).isPresent().get().isNotIn("root", "0");
    assertThat(image.last("VOLUME")).hasValue(image.environment().get("LIKENESS_DATA_DIR"));
  }

  // ------------------------------------------------------------------------------------------

  private static CommandLine.Model.CommandSpec nodeCommandSpec() {
    return Likeness.commandLine().getSubcommands().get("node").getCommandSpec();
  }

  /** The node command as a service's container parses it: image environment, then compose's. */
  private NodeCommand nodeCommand(String service) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(image(service).environment());
    env.putAll(compose.environment(service));
    NodeCommand command = new NodeCommand();
    new CommandLine(command)
        .setDefaultValueProvider(new SettingsDefaultProvider(new ConfigResolver(env, null)))
        .parseArgs();
    return command;
  }

  private Dockerfile image(String service) throws IOException {
    return Dockerfile.read(compose.dockerfile(service).orElseThrow());
  }

  /** The port of a broker's listener, from its {@code KAFKA_LISTENERS}. */
  private int listenerPort(String broker, String listener) {
    try {
      for (String l : compose.environment(broker).get("KAFKA_LISTENERS").split(",")) {
        if (l.startsWith(listener + "://")) {
          return Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError(broker + " has no " + listener + " listener");
  }

  /** The project's {@code kafka.version}, from the root pom. */
  private static String kafkaVersion() {
    try {
      String version =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(Path.of("..", "pom.xml").toFile())
              .getElementsByTagName("kafka.version")
              .item(0)
              .getTextContent()
              .strip();
      assertThat(version).isNotEmpty();
      return version;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read kafka.version from the root pom", e);
    }
  }

  private static Map<String, String> envFile(String name) throws IOException {
    return EnvFile.read(DOCKER.resolve(name));
  }

  private static Set<String> likenessKeys(Map<String, String> env) {
    return env.keySet().stream()
        .filter(k -> k.startsWith(ConfigResolver.ENV_PREFIX))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Runs a command in the repository root and returns its output; fails on a non-zero exit. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
    return text;
  }
}
