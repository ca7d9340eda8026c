package dev.likeness.api.limit;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.api.auth.Authenticator;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rate limit handler on a plain Vert.x server, its buckets on a clock the test moves: a client
 * is the authenticated key's name when there is one, else its address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitHandlerTest {
  private static final Duration BODY_TIMEOUT = Duration.ofMillis(500);
  private final AtomicLong now = new AtomicLong();
  private Vertx vertx;
  private HttpTestClient http;
  private int port;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    // Stands in for authentication: the key's name from a header.
    router
        .route()
        .handler(
            ctx -> {
              String key = ctx.request().getHeader("x-key-name");
              if (key != null) {
                ctx.put(Authenticator.CLIENT, key);
              }
              ctx.next();
            });
    router
        .route("/limited")
        .handler(
            new RateLimitHandler(
                new ClientBuckets(new RateLimit(1, 1), 100, now::get),
                RefusalReason.SEARCH_RATE,
                "searches",
                BODY_TIMEOUT))
        .handler(ctx -> ctx.request().body().onSuccess(b -> ctx.end("ok " + b.length())));
    port =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    http = new HttpTestClient("http://127.0.0.1:" + port);
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void everyBucketFull() {
    now.addAndGet(Duration.ofMinutes(1).toNanos());
  }

  @Test
  void overItsRateAClientGets429WithRetryAfterInWholeSeconds() {
    assertThat(http.get("/limited").status()).isEqualTo(200);
    Answer refused = http.get("/limited");
    assertError(refused, 429, "too many searches");
    assertThat(refused.headers().firstValue("retry-after")).hasValue("1");

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(http.get("/limited").status()).isEqualTo(200);
  }

  @Test
  void eachKeyHasItsOwnBucketApartFromItsAddress() {
    assertThat(http.send("GET", "/limited", null, Map.of("x-key-name", "alice")).status())
        .isEqualTo(200);
    assertThat(http.send("GET", "/limited", null, Map.of("x-key-name", "alice")).status())
        .isEqualTo(429);
    assertThat(http.send("GET", "/limited", null, Map.of("x-key-name", "bob")).status())
        .isEqualTo(200);
    // The same address without a key is a client of its own.
    assertThat(http.get("/limited").status()).isEqualTo(200);
  }

  @Test
  void aRefusedBodyIsDroppedAndTheConnectionServesTheNextRequest() {
    byte[] body = new byte[256 * 1024];
    assertThat(http.postRaw("/limited", body, "image/jpeg").text()).isEqualTo("ok " + body.length);
    assertError(http.postRaw("/limited", body, "image/jpeg"), 429, "too many searches");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(http.postRaw("/limited", body, "image/jpeg").text()).isEqualTo("ok " + body.length);
  }

  @Test
  void aRefusedBodyThatNeverEndsHasItsConnectionClosedAfterTheBodyTimeout() throws Exception {
    assertThat(http.get("/limited").status()).isEqualTo(200);
    try (Socket socket = HttpTestClient.unterminatedUpload(port, "/limited", "partial")) {
      String answer = HttpTestClient.readToEnd(socket);
      // Answered at once, then closed: readToEnd returns only because the node closed it.
      assertThat(answer).startsWith("HTTP/1.1 429").contains("too many searches");
    }
  }
}
