package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.testing.TestImages;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that is stopped (a rolling restart's SIGTERM) answers the requests it is in the middle of
 * before it closes their connections, and refuses new ones with 503 meanwhile.
 */
@Tag("broker")
class GracefulShutdownTest {
  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aSearchInFlightWhenTheNodeStopsIsAnswered(@TempDir Path tmp) throws Exception {
    byte[] image = Files.readAllBytes(TestImages.seeds().get(0));
    try (TestCluster cluster = TestCluster.start(tmp)) {
      LikenessNode node = cluster.startNode(cluster.config("shutdown-test", 1 << 24));
      int port = URI.create(node.baseUrl()).getPort();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        String head =
            "POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                + "Content-Length: "
                + image.length
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        int half = image.length / 2;
        out.write(image, 0, half);
        out.flush();

        Gauge inFlight = node.registry().get("likeness.http.requests.in.flight").gauge();
        await().atMost(Duration.ofSeconds(30)).until(() -> inFlight.value() >= 1);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(node::close);
        // New requests are refused at once, with a hint to go elsewhere.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> cluster.http.get("/health/live").status() == 503);
        assertThat(stopped).as("still waiting for the search in flight").isNotDone();

        out.write(image, half, image.length - half);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] answer = in.readNBytes(12);
        assertThat(new String(answer, StandardCharsets.US_ASCII))
            .as("status line of the search sent before the stop: %s", Arrays.toString(answer))
            .isEqualTo("HTTP/1.1 200");
        stopped.get();
      }
      assertThat(accepts(port)).as("stopped listening").isFalse();
    }
  }
}
