package dev.likeness.node;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.auth.AuthMode;
import dev.likeness.api.auth.ClusterSecret;
import dev.likeness.api.auth.PeerGuard;
import dev.likeness.api.search.PeerClient;
import dev.likeness.contract.record.FeatureRecord;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two nodes of one application started with different cluster secrets: they refuse each other's
 * internal calls, say so in their logs and answers, and a call signed with the right secret is
 * served. Node A runs as {@code likeness node} does by default, without keys: it refuses writes.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerSecretIntegrationTest {
  private static final ClusterSecret SECRET_A = ClusterSecret.of("the secret node A was given");
  private static final ClusterSecret SECRET_B = ClusterSecret.of("another secret, node B's own");
  private static final int IMAGES = 8;

  private NodePair pair;
  private Vertx vertx;
  private final ListAppender<ILoggingEvent> refusals = new ListAppender<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    refusals.start();
    ((Logger) LoggerFactory.getLogger(PeerGuard.class)).addAppender(refusals);
    pair =
        NodePair.start(
            tmp,
            "peer-secret-test",
            IMAGES,
            a -> a.clusterSecret(SECRET_A).authMode(AuthMode.KEYS),
            b -> b.clusterSecret(SECRET_B));
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(PeerGuard.class)).detachAppender(refusals);
    if (vertx != null) {
      vertx.close().await();
    }
    if (pair != null) {
      pair.close();
    }
  }

  private String imageOn(LikenessNode node) {
    return pair.photos.stream()
        .map(p -> p.getFileName().toString())
        .filter(id -> NodePair.holds(node, id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void nodesWithDifferentSecretsRefuseEachOtherAndSaySo() throws Exception {
    String onB = imageOn(pair.b);
    Path photo = pair.photos.stream().filter(p -> p.endsWith(onB)).findFirst().orElseThrow();
    HttpTestClient viaA = new HttpTestClient(pair.a.baseUrl());

    JsonNode answer = viaA.postRaw("/search?k=1", Files.readAllBytes(photo), "image/jpeg").json();
    assertThat(answer.path("partial").asBoolean()).as(answer.toString()).isTrue();
    assertThat(answer.path("failures").toString()).contains("--cluster-secret-file");
    assertThat(answer.path("matches").toString()).doesNotContain(onB);
    assertThat(refusals.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("refused: bad signature")
                    .contains("do the nodes share --cluster-secret-file?"));
    // A's own partition still answers.
    String onA = imageOn(pair.a);
    assertThat(viaA.get("/images/" + onA).status()).isEqualTo(200);
  }

  @Test
  void aCallSignedWithTheNodesSecretIsServedAndAnyOtherIsRefused() throws Exception {
    String onA = imageOn(pair.a);
    HostInfo a = new HostInfo("127.0.0.1", pair.a.httpPort());

    Optional<FeatureRecord> record =
        peerClient(SECRET_A)
            .record(a, onA, false)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(record).map(FeatureRecord::source).contains(onA);

    assertThat(
            peerClient(SECRET_B)
                .record(a, onA, false)
                .toCompletionStage()
                .toCompletableFuture()
                .handle((r, e) -> e == null ? "served" : e.getMessage())
                .get(10, TimeUnit.SECONDS))
        .contains("refused this node's signed call")
        .contains("--cluster-secret-file");

    HttpTestClient.Answer unsigned =
        new HttpTestClient(pair.a.baseUrl()).get("/internal/records/" + onA);
    assertError(unsigned, 401, "signed");
    assertThat(unsigned.text()).doesNotContain(onA);
  }

  @Test
  void withoutKeysTheNodeRefusesWritesAndTheyChangeNothing() throws Exception {
    String onA = imageOn(pair.a);
    Path photo = pair.photos.get(0);
    long indexed = NodePair.indexed(pair.a) + NodePair.indexed(pair.b);
    Map<TopicPartition, Long> ends = endOffsets();
    HttpTestClient http = new HttpTestClient(pair.a.baseUrl());

    HttpTestClient.Answer publish =
        http.postRaw("/images?id=uninvited", Files.readAllBytes(photo), "image/jpeg");
    assertError(publish, 401, "--api-keys");
    assertThat(publish.json().path("error").asText()).contains("likeness keys add");
    assertError(http.delete("/images/" + onA), 401, "writes need an API key");

    assertThat(endOffsets()).isEqualTo(ends);
    assertThat(NodePair.indexed(pair.a) + NodePair.indexed(pair.b)).isEqualTo(indexed);
    assertThat(http.get("/images/" + onA).status()).isEqualTo(200);
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    return TestCluster.imagesEndOffsets(pair.broker.bootstrapServers());
  }

  private PeerClient peerClient(ClusterSecret secret) {
    return new PeerClient(
        vertx, Duration.ofSeconds(5).toMillis(), secret, Optional.empty(), Clock.systemUTC());
  }
}
