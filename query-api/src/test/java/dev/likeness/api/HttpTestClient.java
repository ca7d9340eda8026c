package dev.likeness.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for the API tests: JSON answers, raw and multipart uploads. */
public final class HttpTestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public HttpTestClient(String base) {
    this.base = base;
  }

  public record Answer(int status, String contentType, byte[] body, HttpHeaders headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
      }
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Asserts a JSON error {@code {"error": ..., "status": status}} whose message mentions {@code
   * mentions}.
   */
  public static void assertError(Answer a, int status, String mentions) {
    assertThat(a.status()).as(a.text()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(a.json().path("error").asText()).containsIgnoringCase(mentions);
    assertThat(a.json().path("status").asInt()).isEqualTo(status);
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** GET with an {@code Accept} header. */
  public Answer send(String path, String accept) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("accept", accept).GET());
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Answer postRaw(String path, byte[] body, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("content-type", contentType);
    }
    return send(b);
  }

  /**
   * Posts a multipart form: {@code image} as a file part (if not null) and the given text fields.
   */
  public Answer postMultipart(
      String path, byte[] image, String fileName, Map<String, String> fields) {
    String boundary = "----likeness" + UUID.randomUUID();
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    multipart(boundary, List.copyOf(fields.entrySet()), image, fileName))));
  }

  /**
   * A multipart form body: the text fields in order (names may repeat), then {@code image} if not
   * null.
   */
  public static byte[] multipart(
      String boundary, List<Map.Entry<String, String>> fields, byte[] image, String fileName) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    if (image != null) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                  + fileName
                  + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(image);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /**
   * Opens a connection to {@code port} and sends the head of a multipart upload to {@code path}
   * whose closing boundary never comes: the image part starts with {@code content}.
   */
  public static Socket unterminatedUpload(int port, String path, String content)
      throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    String part =
        "--XYZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n"
            + "Content-Type: image/jpeg\r\n\r\n"
            + content;
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=XYZ\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";
    socket
        .getOutputStream()
        .write(
            (head + Integer.toHexString(part.length()) + "\r\n" + part + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  /** What the server sends on {@code socket} until it closes the connection. */
  public static String readToEnd(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    socket.getInputStream().transferTo(out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Any method, with a body (or none) and extra headers. */
  public Answer send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return send(b);
  }

  private Answer send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), r.headers());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
