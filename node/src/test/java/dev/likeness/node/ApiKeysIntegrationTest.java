package dev.likeness.node;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.api.auth.ApiKey;
import dev.likeness.api.auth.Authenticator;
import dev.likeness.api.auth.Scope;
import dev.likeness.api.search.LocalIndex;
import dev.likeness.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real node with a key file: requests without a key, or with a key lacking the route's scope, are
 * refused and change nothing (the index and the images topic stay as they were); keys added to the
 * file work within seconds, and every accepted write leaves an audit line naming its key.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysIntegrationTest {
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final ApiKey.Issued READER = ApiKey.issue("reader", Set.of(Scope.SEARCH));
  private static final ApiKey.Issued WRITER =
      ApiKey.issue("writer", Set.of(Scope.SEARCH, Scope.WRITE));
  private static final ApiKey.Issued OPS = ApiKey.issue("ops", Set.of(Scope.ADMIN));

  private TestCluster cluster;
  private HttpTestClient http;
  private Path keyFile;
  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
  private Logger auditLogger;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    auditLogger = (Logger) LoggerFactory.getLogger(Authenticator.AUDIT_LOGGER);
    auditLogger.setLevel(Level.INFO);
    audit.start();
    auditLogger.addAppender(audit);
    keyFile = tmp.resolve("keys.txt");
    Files.write(keyFile, List.of(READER.entry().line(), WRITER.entry().line(), OPS.entry().line()));
    cluster = TestCluster.start(tmp);
    cluster.startNode(
        cluster.config("keys-test", 1 << 20).toBuilder().apiKeysFile(keyFile).build());
    http = cluster.http;
    assertThat(post("/images?id=bridge", WRITER.key()).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/images/bridge", READER.key()).status() == 200);
  }

  @AfterAll
  void stop() {
    auditLogger.detachAppender(audit);
    if (cluster != null) {
      cluster.close();
    }
  }

  private Answer post(String path, String key) {
    return http.send("POST", path, BRIDGE, headers(key, "image/jpeg"));
  }

  private Answer get(String path, String key) {
    return http.send("GET", path, null, headers(key, null));
  }

  private Answer delete(String path, String key) {
    return http.send("DELETE", path, null, headers(key, null));
  }

  private static Map<String, String> headers(String key, String contentType) {
    Map<String, String> h = new HashMap<>();
    if (key != null) {
      h.put("authorization", "Bearer " + key);
    }
    if (contentType != null) {
      h.put("content-type", contentType);
    }
    return h;
  }

  /** What a refused request must leave as it was: the index and the images topic. */
  private record State(long indexed, Map<TopicPartition, Long> ends) {}

  private State state() throws Exception {
    return new State(
        new LocalIndex(cluster.node.streams()).size(),
        TestCluster.imagesEndOffsets(cluster.broker.bootstrapServers()));
  }

  @Test
  @Order(1)
  void writesWithoutAKeyOrWithoutTheWriteScopeAreRefusedAndChangeNothing() throws Exception {
    State before = state();
    int audited = audit.list.size();

    Answer anonymous = post("/images?id=intruder", null);
    assertError(anonymous, 401, "write");
    assertThat(anonymous.headers().firstValue("www-authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertError(post("/images?id=intruder", READER.key()), 403, "'reader' lacks the scope 'write'");
    assertError(post("/images?id=intruder", "lk_guessed"), 401, "unknown API key");
    assertError(delete("/images/bridge", null), 401, "write");
    assertError(delete("/images/bridge", READER.key()), 403, "write");
    assertError(delete("/images/bridge", OPS.key()), 403, "write");

    assertThat(state()).isEqualTo(before);
    assertThat(get("/images/bridge", READER.key()).status()).isEqualTo(200);
    assertThat(get("/images/intruder", READER.key()).status()).isEqualTo(404);
    assertThat(audit.list).hasSize(audited);
  }

  @Test
  @Order(2)
  void readsAndAdminRoutesNeedTheirScopesAndHealthStaysOpen() {
    assertError(get("/search?id=bridge", null), 401, "search");
    assertError(get("/images/bridge", OPS.key()), 403, "search");
    assertError(get("/images/bridge/thumbnail", null), 401, "search");
    Answer found = get("/search?id=bridge", READER.key());
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().path("matches").path(0).path("id").asText()).isEqualTo("bridge");
    Answer byImage = post("/search?k=1", READER.key());
    assertThat(byImage.json().path("matches").path(0).path("id").asText()).isEqualTo("bridge");

    for (String admin : List.of("/metrics", "/lag", "/status/summary.json")) {
      assertError(get(admin, null), 401, "admin");
      assertError(get(admin, WRITER.key()), 403, "admin");
      assertThat(get(admin, OPS.key()).status()).as(admin).isEqualTo(200);
    }
    // Other spellings of the same routes need the same scope.
    for (String admin : List.of("/metrics/", "//lag", "/status/")) {
      assertError(get(admin, WRITER.key()), 403, "admin");
    }
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    assertThat(http.get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void theInternalRoutesRefuseOutsideCallersEvenWithAKey() {
    Answer record = get("/internal/records/bridge", OPS.key());
    assertError(record, 401, "signed");
    assertThat(record.text()).doesNotContain("JFIF");
    assertError(
        http.send(
            "POST",
            "/internal/search",
            "{\"partitions\":[0,1]}".getBytes(),
            Map.of("content-type", "application/json")),
        401,
        "signed");
  }

  @Test
  @Order(4)
  void anAcceptedWriteIsAuditedWithItsKeysName() throws Exception {
    State before = state();
    assertThat(delete("/images/bridge", WRITER.key()).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/images/bridge", READER.key()).status() == 404);
    assertThat(state().indexed()).isEqualTo(before.indexed() - 1);
    assertThat(audit.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            line -> assertThat(line).contains("DELETE /images/bridge by 'writer'").endsWith("202"));
  }

  @Test
  @Order(5)
  void keysAddedToOrRemovedFromTheFileCountWithinSeconds() throws Exception {
    ApiKey.Issued late = ApiKey.issue("late", Set.of(Scope.WRITE));
    assertError(post("/images?id=late", late.key()), 401, "unknown API key");

    Files.write(keyFile, List.of(late.entry().line()), StandardOpenOption.APPEND);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> post("/images?id=late", late.key()).status() == 202);

    Files.write(keyFile, List.of(READER.entry().line(), OPS.entry().line()));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> post("/images?id=late-2", WRITER.key()).status() == 401);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/images/late", READER.key()).status() == 200);
  }
}
