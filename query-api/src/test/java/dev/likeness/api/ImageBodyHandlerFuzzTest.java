package dev.likeness.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.likeness.api.http.ErrorResponses;
import dev.likeness.api.http.ImageBodyHandler;
import dev.likeness.api.http.UploadedImage;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Multipart bodies as any client may send them, through the upload body handler on a Vert.x server
 * (the form is parsed by Vert.x and Netty as the request arrives, so it is fuzzed where it runs):
 * every body is answered within the body timeout with its image and fields or a 4xx, never a 5xx,
 * and whatever it reserved of the in-flight budget is released.
 */
class ImageBodyHandlerFuzzTest {
  private static final String BOUNDARY = "fuzz";
  private static final Duration BODY_TIMEOUT = Duration.ofMillis(300);
  private static final Set<Integer> ANSWERS = Set.of(200, 400, 408, 413, 415);

  private static Vertx vertx;
  private static ImageBodyHandler bodies;
  private static URI upload;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    bodies = new ImageBodyHandler(vertx, 64 * 1024, BODY_TIMEOUT, 8 * 64 * 1024);
    Router router = Router.router(vertx);
    router
        .post("/upload")
        .handler(bodies)
        .handler(
            ctx ->
                UploadedImage.read(ctx)
                    .onSuccess(img -> ctx.response().end(img.fields().keySet().toString()))
                    .onFailure(ctx::fail));
    router.route().failureHandler(ctx -> ErrorResponses.handle(ctx, ctx.failure()));
    int port =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    upload = URI.create("http://127.0.0.1:" + port + "/upload");
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @FuzzTest(maxDuration = "2m")
  void answersEveryBody(byte[] body) throws IOException, InterruptedException {
    // Jazzer's request-forgery detector, when fuzzing: this target's only connection is its own.
    BugDetectors.allowNetworkConnections((host, port) -> port == upload.getPort());
    HttpRequest request =
        HttpRequest.newBuilder(upload)
            .header("content-type", "multipart/form-data; boundary=" + BOUNDARY)
            .timeout(BODY_TIMEOUT.plusSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isIn(ANSWERS);
    await()
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> bodies.bytesInFlight() == 0);
  }
}
