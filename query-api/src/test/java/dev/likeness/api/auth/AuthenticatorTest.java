package dev.likeness.api.auth;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The authenticator in front of stand-in routes that count what reaches them. */
class AuthenticatorTest {
  private static final ApiKey.Issued READER = ApiKey.issue("reader", Set.of(Scope.SEARCH));
  private static final ApiKey.Issued WRITER =
      ApiKey.issue("writer", Set.of(Scope.SEARCH, Scope.WRITE));
  private static final ApiKey.Issued OPS = ApiKey.issue("ops", Set.of(Scope.ADMIN));

  @TempDir Path tmp;
  private Vertx vertx;
  private final AtomicInteger writes = new AtomicInteger();
  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
  private Logger auditLogger;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    auditLogger = (Logger) LoggerFactory.getLogger(Authenticator.AUDIT_LOGGER);
    auditLogger.setLevel(Level.INFO);
    audit.start();
    auditLogger.addAppender(audit);
  }

  @AfterEach
  void stop() {
    auditLogger.detachAppender(audit);
    vertx.close().await();
  }

  private HttpTestClient serve(Authenticator authenticator) {
    Router router = Router.router(vertx);
    router.post("/images").handler(ctx -> reached(ctx.get(Authenticator.CLIENT), ctx));
    router.delete("/images/:id").handler(ctx -> reached(ctx.get(Authenticator.CLIENT), ctx));
    router.get("/search").handler(ctx -> ctx.end("client " + ctx.get(Authenticator.CLIENT)));
    router.get("/metrics").handler(ctx -> ctx.end("metrics"));
    router.get("/health").handler(ctx -> ctx.end("ok"));
    router.get("/internal/records/:id").handler(ctx -> ctx.end("record"));
    // Registered last, ordered first, as ApiServer#withAuthentication does.
    router.route().order(-100).handler(authenticator);
    HttpServer server =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return new HttpTestClient("http://127.0.0.1:" + server.actualPort());
  }

  private void reached(Object client, io.vertx.ext.web.RoutingContext ctx) {
    writes.incrementAndGet();
    ctx.response().setStatusCode(202).end("client " + client);
  }

  private Authenticator withKeyFile() throws Exception {
    Path file = tmp.resolve("keys.txt");
    Files.write(file, List.of(READER.entry().line(), WRITER.entry().line(), OPS.entry().line()));
    return new Authenticator(Optional.of(KeyFile.load(file)), AuthMode.KEYS);
  }

  private static Map<String, String> bearer(String key) {
    return Map.of("authorization", "Bearer " + key);
  }

  @Test
  void withAKeyFileEveryScopedRouteNeedsAKeyWithItsScope() throws Exception {
    HttpTestClient http = serve(withKeyFile());

    Answer none = http.send("POST", "/images", new byte[] {1}, Map.of());
    assertError(none, 401, "API key");
    assertThat(none.headers().firstValue("www-authenticate")).contains("Bearer realm=\"likeness\"");
    Answer wrong = http.send("DELETE", "/images/a", null, bearer(READER.key() + "x"));
    assertError(wrong, 401, "unknown API key");
    assertThat(wrong.headers().firstValue("www-authenticate").orElseThrow())
        .contains("invalid_token");
    assertError(http.send("POST", "/images", new byte[] {1}, bearer(READER.key())), 403, "write");
    assertError(http.send("DELETE", "/images/a", null, bearer(OPS.key())), 403, "'ops' lacks");
    assertError(http.get("/search"), 401, "search");
    assertError(http.send("GET", "/metrics", null, bearer(WRITER.key())), 403, "admin");
    assertThat(writes).hasValue(0);
    assertThat(audit.list).isEmpty();

    Answer written = http.send("POST", "/images", new byte[] {1}, bearer(WRITER.key()));
    assertThat(written.status()).isEqualTo(202);
    assertThat(written.text()).isEqualTo("client writer");
    assertThat(http.send("GET", "/search", null, bearer(READER.key())).text())
        .isEqualTo("client reader");
    assertThat(http.send("GET", "/metrics", null, bearer(OPS.key())).status()).isEqualTo(200);
    // A lower-case scheme is the same scheme (RFC 9110).
    assertThat(
            http.send("GET", "/search", null, Map.of("authorization", "bearer " + READER.key()))
                .status())
        .isEqualTo(200);
    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(writes).hasValue(1);
    assertThat(audit.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .contains("POST /images by 'writer' from 127.0.0.1")
        .endsWith("-> 202");
  }

  @Test
  void withoutKeysTheNodeDefaultRefusesWritesAndSaysHowToConfigureKeys() {
    HttpTestClient http = serve(new Authenticator(Optional.empty(), AuthMode.KEYS));

    Answer refused = http.send("POST", "/images", new byte[] {1}, Map.of());
    assertError(refused, 401, "--api-keys");
    assertThat(refused.json().path("error").asText()).contains("likeness keys add", "--auth=none");
    assertError(http.delete("/images/a"), 401, "writes need an API key");
    assertThat(writes).hasValue(0);
    assertThat(http.get("/search").text()).isEqualTo("client null");
    assertThat(http.get("/metrics").status()).isEqualTo(200);
  }

  @Test
  void loopbackModeLetsThisMachineWriteAndAuditsIt() {
    HttpTestClient http = serve(new Authenticator(Optional.empty(), AuthMode.LOOPBACK));

    assertThat(http.delete("/images/a").status()).isEqualTo(202);
    assertThat(writes).hasValue(1);
    assertThat(audit.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .contains("DELETE /images/a by 'loopback'");
  }

  @Test
  void authNoneLeavesWritesOpen() {
    HttpTestClient http = serve(new Authenticator(Optional.empty(), AuthMode.NONE));
    assertThat(http.send("POST", "/images", new byte[] {1}, Map.of()).status()).isEqualTo(202);
    assertThat(writes).hasValue(1);
  }

  @Test
  void internalRoutesNeedAVerifiedPeerEvenWhenAllElseIsOpen() {
    HttpTestClient http = serve(new Authenticator(Optional.empty(), AuthMode.NONE));
    assertError(http.get("/internal/records/a"), 401, "signed");
  }
}
