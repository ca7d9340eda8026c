package dev.likeness.bench.cluster;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The HTTP calls the harness makes to one node. */
final class NodeClient {
  /** A search or a lookup slower than this counts as failed: a user would have given up. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final String base;

  NodeClient(HttpClient http, int port) {
    this.http = http;
    this.base = "http://127.0.0.1:" + port;
  }

  /** The status of {@code GET /health/ready}, or -1 if the node did not answer. */
  int ready() {
    return get("/health/ready").status();
  }

  /**
   * The status of {@code GET /health/copies}: 200 once every copy of the index on the node is
   * within the default lag of its changelog.
   */
  int copiesInSync() {
    return get("/health/copies").status();
  }

  /** The status of {@code GET /images/ID}: 200 once the image is indexed. */
  int image(String id) {
    return get("/images/" + encode(id)).status();
  }

  /** {@code GET /search?id=ID&k=10}. */
  Answer searchById(String id) {
    return get("/search?k=10&id=" + encode(id));
  }

  private Answer get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "interrupted");
    } catch (Exception e) {
      return new Answer(-1, e.getClass().getSimpleName());
    }
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * An HTTP answer.
   *
   * @param status the status code, or -1 when there was none (refused, timed out)
   * @param body the body, or the exception's name when there was no answer
   */
  record Answer(int status, String body) {}
}
