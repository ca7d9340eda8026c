package dev.likeness.api.auth;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.api.HttpTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer guard and authenticator in front of a stand-in internal route. */
class PeerGuardTest {
  private static final ClusterSecret SECRET = ClusterSecret.of("the cluster's shared secret");
  private static final long NOW = 1_800_000_000L;
  private static final byte[] BODY = "{\"k\":3}".getBytes(StandardCharsets.UTF_8);
  private static final String TARGET = "/internal/search?x=a%20b";

  private Vertx vertx;
  private HttpTestClient http;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    PeerGuard guard =
        new PeerGuard(SECRET, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    Router router = Router.router(vertx);
    router
        .post("/internal/search")
        .handler(BodyHandler.create(false))
        .handler(
            ctx -> {
              served.incrementAndGet();
              ctx.end(ctx.body().asString());
            });
    router.route("/internal/*").order(-201).handler(guard::requireSigned);
    router.route("/internal/*").order(-200).handler(BodyHandler.create(false)).handler(guard);
    router.route().order(-100).handler(new Authenticator(Optional.empty(), AuthMode.NONE));
    HttpServer server =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    http = new HttpTestClient("http://127.0.0.1:" + server.actualPort());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Map<String, String> signed(ClusterSecret secret, long time, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    headers.put(ClusterSecret.TIMESTAMP_HEADER, Long.toString(time));
    headers.put(ClusterSecret.SIGNATURE_HEADER, secret.sign("POST", TARGET, time, body));
    headers.put("content-type", "application/json");
    return headers;
  }

  @Test
  void aSignedCallIsServed() {
    HttpTestClient.Answer a = http.send("POST", TARGET, BODY, signed(SECRET, NOW, BODY));
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.text()).isEqualTo("{\"k\":3}");
    // Within the allowed skew either way.
    long skew = ClusterSecret.MAX_SKEW.toSeconds();
    assertThat(http.send("POST", TARGET, BODY, signed(SECRET, NOW - skew, BODY)).status())
        .isEqualTo(200);
    assertThat(http.send("POST", TARGET, BODY, signed(SECRET, NOW + skew, BODY)).status())
        .isEqualTo(200);
    assertThat(served).hasValue(3);
  }

  @Test
  void unsignedWronglySignedStaleOrAlteredCallsAreRefusedUnserved() {
    assertError(
        http.send("POST", TARGET, BODY, Map.of("content-type", "application/json")),
        401,
        "signed calls");
    assertError(
        http.send(
            "POST",
            TARGET,
            BODY,
            signed(ClusterSecret.of("a secret of another cluster"), NOW, BODY)),
        401,
        "--cluster-secret-file");
    long late = NOW - ClusterSecret.MAX_SKEW.toSeconds() - 1;
    assertError(http.send("POST", TARGET, BODY, signed(SECRET, late, BODY)), 401, "timestamp");
    byte[] altered = "{\"k\":9}".getBytes(StandardCharsets.UTF_8);
    assertError(http.send("POST", TARGET, altered, signed(SECRET, NOW, BODY)), 401, "signature");
    assertError(
        http.send("POST", "/internal/search?x=other", BODY, signed(SECRET, NOW, BODY)),
        401,
        "signature");
    assertThat(served).hasValue(0);
  }
}
