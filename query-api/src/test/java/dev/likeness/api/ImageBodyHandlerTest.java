package dev.likeness.api;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.api.http.ErrorResponses;
import dev.likeness.api.http.ImageBodyHandler;
import dev.likeness.api.http.UploadedImage;
import dev.likeness.testing.TestImages;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The upload body handler on a plain Vert.x server with a short body timeout: bodies that never
 * end, that are malformed, or that are not images are answered with a 4xx that says what to fix,
 * and nothing of a body reaches the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageBodyHandlerTest {
  private static final int LIMIT = 1 << 20;
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final byte[] JPEG = TestImages.vector("bridge-mods_aaa-orig.jpg");
  // A string that would show in the log if a body were written there.
  private static final String SECRET = "body-content-never-logged";
  // On /tight, room for the test image and a little more: what it leaves is the budget of the 503
  // test.
  private static final long TIGHT = JPEG.length + 5 * 64 * 1024;

  private Vertx vertx;
  private ImageBodyHandler bodies;
  private ImageBodyHandler tight;
  private int port;
  private HttpTestClient http;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    bodies = new ImageBodyHandler(vertx, LIMIT, TIMEOUT, 8L * LIMIT);
    tight = new ImageBodyHandler(vertx, LIMIT, TIMEOUT, TIGHT);
    Handler<RoutingContext> describe =
        ctx ->
            UploadedImage.read(ctx)
                .onSuccess(
                    img ->
                        ctx.response()
                            .end(
                                new JsonObject()
                                    .put("bytes", img.bytes().length)
                                    .put("fileName", img.fileName())
                                    .put("fields", new JsonObject(Map.copyOf(img.fields())))
                                    .encode()))
                .onFailure(ctx::fail);
    router.post("/upload").handler(bodies).handler(describe);
    router.post("/tight").handler(tight).handler(describe);
    router.route().failureHandler(ctx -> ErrorResponses.handle(ctx, ctx.failure()));
    port =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    http = new HttpTestClient("http://127.0.0.1:" + port);
    log.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    vertx.close().await();
  }

  @Test
  void anUploadWithoutItsClosingBoundaryIsAnswered408AndClosed() throws Exception {
    try (Socket socket = HttpTestClient.unterminatedUpload(port, "/upload", SECRET)) {
      String answer = HttpTestClient.readToEnd(socket);
      assertThat(answer)
          .startsWith("HTTP/1.1 408")
          .contains("closing boundary")
          .doesNotContain(SECRET);
    }
  }

  @Test
  void fiftyAbandonedUploadsLeaveTheServerAnswering() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sockets.add(HttpTestClient.unterminatedUpload(port, "/upload", SECRET));
    }
    // Half go away mid-body, half wait for the body timeout.
    for (int i = 0; i < 50; i += 2) {
      sockets.get(i).close();
    }
    for (int i = 1; i < 50; i += 2) {
      try (Socket s = sockets.get(i)) {
        assertThat(HttpTestClient.readToEnd(s)).startsWith("HTTP/1.1 408");
      }
    }
    Answer a = http.postRaw("/upload", JPEG, "image/jpeg");
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.json().path("bytes").asInt()).isEqualTo(JPEG.length);
    await().atMost(Duration.ofSeconds(10)).until(() -> bodies.bytesInFlight() == 0);
  }

  @Test
  void uploadsBeyondTheBytesInFlightAre503UntilSomeEnd() throws Exception {
    String body = "x".repeat(JPEG.length / 4);
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(HttpTestClient.unterminatedUpload(port, "/tight", body));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> tight.bytesInFlight() >= JPEG.length);
    try (Socket over =
        HttpTestClient.unterminatedUpload(port, "/tight", "x".repeat(6 * 64 * 1024))) {
      assertThat(HttpTestClient.readToEnd(over))
          .startsWith("HTTP/1.1 503")
          .containsIgnoringCase("retry-after")
          .contains("too many uploads");
    }
    for (Socket s : held) {
      s.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> tight.bytesInFlight() == 0);
    Answer a = http.postRaw("/tight", JPEG, "image/jpeg");
    assertThat(a.status()).as(a.text()).isEqualTo(200);
  }

  @Test
  void rawBodiesMustBeTypedAsImages() {
    assertThat(http.postRaw("/upload", JPEG, "application/octet-stream").status()).isEqualTo(200);
    assertThat(http.postRaw("/upload", JPEG, "image/png").status()).isEqualTo(200);
    // The content types a web page of another site may send without asking.
    assertError(http.postRaw("/upload", JPEG, "text/plain"), 415, "application/octet-stream");
    assertError(
        http.postRaw("/upload", JPEG, "application/x-www-form-urlencoded"),
        415,
        "application/octet-stream");
    assertError(http.postRaw("/upload", JPEG, null), 415, "no Content-Type");
  }

  @Test
  void aWholeBodyWhoseFormStopsInsideAPartIs400() {
    byte[] form = HttpTestClient.multipart("b0undary", List.of(), JPEG, "a.jpg");
    byte[] withoutClosingBoundary = Arrays.copyOf(form, form.length - "--b0undary--\r\n".length());

    assertError(
        http.postRaw("/upload", withoutClosingBoundary, "multipart/form-data; boundary=b0undary"),
        400,
        "closing boundary");
    await().until(() -> bodies.bytesInFlight() == 0);
  }

  @Test
  void malformedFormsAre400AndOversizedOnes413() {
    byte[] form =
        HttpTestClient.multipart("b0undary", List.of(Map.entry("id", "x")), JPEG, "a.jpg");
    assertError(http.postRaw("/upload", form, "multipart/form-data"), 400, "boundary");
    // A multipart type over the raw bytes of an image.
    assertError(
        http.postRaw(
            "/upload",
            (SECRET + new String(JPEG, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1),
            "multipart/form-data; boundary=b0undary"),
        400,
        "multipart");
    byte[] bigField =
        HttpTestClient.multipart(
            "b0undary", List.of(Map.entry("meta.note", SECRET + "x".repeat(9000))), JPEG, "a.jpg");
    assertError(
        http.postRaw("/upload", bigField, "multipart/form-data; boundary=b0undary"), 413, "8192");
    List<Map.Entry<String, String>> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(Map.entry("meta.f" + i, SECRET));
    }
    assertError(
        http.postRaw(
            "/upload",
            HttpTestClient.multipart("b0undary", many, JPEG, "a.jpg"),
            "multipart/form-data; boundary=b0undary"),
        413,
        "fields");
    assertError(
        http.postRaw("/upload", new byte[LIMIT + 1], "image/jpeg"), 413, "limit is " + LIMIT);
    byte[] hugeForm = HttpTestClient.multipart("b0undary", List.of(), new byte[LIMIT + 1], "a.jpg");
    assertError(
        http.postRaw("/upload", hugeForm, "multipart/form-data; boundary=b0undary"),
        413,
        "limit is " + LIMIT);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains(SECRET));
    assertThat(log.list)
        .noneMatch(
            e ->
                e.getThrowableProxy() != null
                    && e.getThrowableProxy().getMessage() != null
                    && e.getThrowableProxy().getMessage().contains(SECRET));
  }

  @Test
  void aPartHeaderParameterWithoutAValueIs400AndReleasesTheBody() {
    // Netty's multipart decoder fails on such a header with an ArrayIndexOutOfBoundsException.
    byte[] form =
        ("--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filenam\r\n"
                + "\r\n"
                + SECRET
                + "\r\n--b0undary--\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    assertError(
        http.postRaw("/upload", form, "multipart/form-data; boundary=b0undary"),
        400,
        "parameter without a value");
    await().until(() -> bodies.bytesInFlight() == 0);
    Answer next = http.postRaw("/upload", JPEG, "image/jpeg");
    assertThat(next.status()).as(next.text()).isEqualTo(200);
  }

  @Test
  void repeatedFormFieldsAndImagesAre400() {
    byte[] twice =
        HttpTestClient.multipart(
            "b0undary", List.of(Map.entry("id", "a"), Map.entry("id", "b")), JPEG, "a.jpg");
    assertError(
        http.postRaw("/upload", twice, "multipart/form-data; boundary=b0undary"),
        400,
        "'id' is given 2 times");
    Answer ok = http.postMultipart("/upload", JPEG, "a.jpg", Map.of("id", "a", "meta.k", "v"));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.json().path("bytes").asInt()).isEqualTo(JPEG.length);
    assertThat(ok.json().path("fileName").asText()).isEqualTo("a.jpg");
    assertThat(ok.json().path("fields").path("meta.k").asText()).isEqualTo("v");
  }
}
