package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.node.GrafanaDashboard.Query;
import dev.likeness.testing.ExternalTool;
import dev.likeness.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus, configured from {@code docker/prometheus/prometheus.yml}, scrapes two nodes
 * that indexed, rejected and searched; then every query of the Grafana dashboard, evaluated by that
 * Prometheus, must return data. Needs the {@code prometheus} binary (Debian's package).
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusDashboardTest {
  private static final String APPLICATION = "dashboard-test";
  private static final Path SCRAPE_CONFIG = Path.of("..", "docker", "prometheus", "prometheus.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  // Grafana's own variables, at values a dashboard open on the last hour would use.
  private static final Map<String, String> GRAFANA_VARIABLES =
      Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "1h");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*(\\w+)\\s*\\)");

  private Path prometheusBinary;
  private KRaftBroker broker;
  private final List<LikenessNode> nodes = new ArrayList<>();
  private Process prometheus;
  private HttpTestClient api;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    prometheusBinary = ExternalTool.require("prometheus", "prometheus");
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0));
    for (String name : List.of("a", "b")) {
      nodes.add(LikenessNode.start(config(tmp.resolve(name))));
    }
    for (LikenessNode node : nodes) {
      node.awaitRunning(Duration.ofSeconds(60));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> nodes.stream().allMatch(n -> http(n).get("/health/ready").status() == 200));
    makeEveryPanelsData();
    prometheus = startPrometheus(tmp);
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    nodes.forEach(LikenessNode::close);
    if (broker != null) {
      broker.close();
    }
  }

  private NodeConfig config(Path dir) {
    return NodeConfig.builder(broker.bootstrapServers(), dir)
        .clusterSecret(TestCluster.SECRET)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .advertisedHost("127.0.0.1")
        .applicationId(APPLICATION)
        .streamThreads(1)
        .replicationFactor((short) 1)
        .build();
  }

  private static HttpTestClient http(LikenessNode node) {
    return new HttpTestClient(node.baseUrl());
  }

  /** Indexes a few photos, gets one rejected and searches on each node. */
  private void makeEveryPanelsData() throws IOException {
    HttpTestClient first = http(nodes.get(0));
    List<Path> seeds = TestImages.seeds().subList(0, 4);
    for (Path seed : seeds) {
      assertThat(
              first
                  .postRaw(
                      "/images?id=" + seed.getFileName(), Files.readAllBytes(seed), "image/jpeg")
                  .status())
          .isEqualTo(202);
    }
    // Garbage after a JPEG signature passes the API's sniffing and is rejected by the indexer.
    byte[] garbage =
        Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 2048);
    Arrays.fill(garbage, 4, garbage.length, (byte) 0x5A);
    assertThat(first.postRaw("/images?id=garbage", garbage, "image/jpeg").status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                seeds.stream()
                    .allMatch(s -> first.get("/images/" + s.getFileName()).status() == 200));
    byte[] query = Files.readAllBytes(seeds.get(0));
    for (LikenessNode node : nodes) {
      HttpTestClient client = http(node);
      assertThat(client.postRaw("/search", query, "image/jpeg").status()).isEqualTo(200);
      assertThat(client.get("/search?id=" + seeds.get(1).getFileName()).status()).isEqualTo(200);
    }
    // The GC panel reads pause meters, which appear with the first collection the JVM reports.
    System.gc();
  }

  /** Prometheus on a free loopback port, scraping the two nodes every second. */
  private Process startPrometheus(Path tmp) throws IOException {
    ObjectNode config = (ObjectNode) YAML.readTree(SCRAPE_CONFIG.toFile());
    ((ObjectNode) config.with("global"))
        .put("scrape_interval", "1s")
        .put("evaluation_interval", "1s");
    for (JsonNode job : config.path("scrape_configs")) {
      ((ObjectNode) job).put("scrape_interval", "1s");
      ArrayNode targets = YAML.createArrayNode();
      nodes.forEach(n -> targets.add("127.0.0.1:" + n.httpPort()));
      ((ObjectNode) job).putArray("static_configs").addObject().set("targets", targets);
    }
    Path configFile = tmp.resolve("prometheus.yml");
    YAML.writeValue(configFile.toFile(), config);

    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path log = Path.of("target", "prometheus-dashboard-test.log");
    Process process =
        new ProcessBuilder(
                prometheusBinary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + tmp.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    api = new HttpTestClient("http://127.0.0.1:" + port);
    return process;
  }

  @Test
  void everyDashboardQueryReturnsSeries() throws IOException {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(prometheus.isAlive())
                  .as("prometheus runs (see its log in target/)")
                  .isTrue();
              JsonNode targets = api("/api/v1/targets").path("activeTargets");
              assertThat(targets).hasSize(nodes.size());
              targets.forEach(t -> assertThat(t.path("health").asText()).isEqualTo("up"));
            });

    GrafanaDashboard dashboard = GrafanaDashboard.read();
    List<Query> queries = dashboard.queries();
    assertThat(queries).as("queries in the dashboard").hasSizeGreaterThan(10);
    assertThat(dashboard.variables()).as("the dashboard's variables").containsKey("application");
    // A rate needs two samples in its window; the first scrapes may still be coming in.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(unanswered(queries))
                    .as("dashboard queries that returned no series")
                    .isEmpty());
  }

  @Test
  void everyDashboardVariableListsTheApplication() throws IOException {
    for (Map.Entry<String, String> variable : GrafanaDashboard.read().variables().entrySet()) {
      Matcher m = LABEL_VALUES.matcher(variable.getValue());
      assertThat(m.matches())
          .as("variable %s is a label_values(metric, label) query: %s", variable.getKey(), variable)
          .isTrue();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JsonNode values =
                    api("/api/v1/label/" + m.group(2) + "/values?match[]=" + encode(m.group(1)));
                List<String> listed = new ArrayList<>();
                values.forEach(v -> listed.add(v.asText()));
                assertThat(listed).as("values of $%s", variable.getKey()).contains(APPLICATION);
              });
    }
  }

  /** The queries whose expression returns no series (or an error), with the reason. */
  private List<String> unanswered(List<Query> queries) {
    List<String> empty = new ArrayList<>();
    for (Query q : queries) {
      String expr = substitute(q.expr());
      Answer a = api.get("/api/v1/query?query=" + encode(expr));
      JsonNode body = a.json();
      if (a.status() != 200 || !body.path("status").asText().equals("success")) {
        empty.add(q + " -> " + body.path("error").asText(a.text()));
      } else if (body.path("data").path("result").isEmpty()) {
        empty.add(q.toString());
      }
    }
    return empty;
  }

  /** The expression as Grafana sends it: $application is this test's application id. */
  private static String substitute(String expr) {
    String out = expr.replace("$application", APPLICATION).replace("${application}", APPLICATION);
    for (Map.Entry<String, String> v : GRAFANA_VARIABLES.entrySet()) {
      out = out.replace("$" + v.getKey(), v.getValue());
    }
    assertThat(out).as("variables left in %s", expr).doesNotContain("$");
    return out;
  }

  private JsonNode api(String pathAndQuery) {
    Answer a = api.get(pathAndQuery);
    assertThat(a.status()).as("%s: %s", pathAndQuery, a.text()).isEqualTo(200);
    return a.json().path("data");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
