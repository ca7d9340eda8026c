package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.likeness.app.LikenessCliTest.Run;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCommandTest {
  @Test
  void theApiKeyIsSentAsABearerToken(@TempDir Path tmp) throws Exception {
    HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    node.createContext(
        "/search",
        exchange -> {
          boolean keyed =
              "Bearer lk_test".equals(exchange.getRequestHeaders().getFirst("authorization"));
          byte[] body =
              (keyed
                      ? "{\"matches\":[]}"
                      : "{\"error\":\"this route needs an API key\",\"status\":401}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(keyed ? 200 : 401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    node.start();
    try {
      Path image = Files.write(tmp.resolve("a.jpg"), new byte[] {1, 2, 3});
      String url = "http://127.0.0.1:" + node.getAddress().getPort();

      Run without = LikenessCliTest.run("search", "--url", url, image.toString());
      Run with =
          LikenessCliTest.run(
              "search", "--url", url, "--api-key", "lk_test", "--json", image.toString());

      assertThat(without.exit()).isEqualTo(1);
      assertThat(without.err()).contains("401").contains("API key");
      assertThat(with.exit()).as(with.err()).isZero();
      assertThat(with.out()).contains("\"matches\"");
    } finally {
      node.stop(0);
    }
  }
}
