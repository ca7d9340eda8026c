package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.api.decode.DecodeBudget;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.testing.TestImages;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code POST /search} decodes, on a real node: under the process's decode budget (the test
 * holds shares of it as decodes in flight would, and searches that find no room for their own share
 * are refused with 503), and what it refuses as corrupt.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchDecodingHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final long KIB = 1024;

  private final HttpClient http = HttpClient.newHttpClient();
  private DecodeBudget budget;
  private TestCluster cluster;
  private long share;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    cluster = TestCluster.start(tmp);
    NodeConfig config = cluster.config("decode-budget-test", 1 << 20);
    budget = cluster.startNode(config).decodeBudget();
    // The share the node takes for this image: its footprint under the node's limits, in whole KiB.
    long footprint =
        new SafeImageDecoder(
                new ImageLimits(
                    config.maxImageBytes(),
                    ImageLimits.DEFAULT_MAX_PIXELS,
                    config.decodeLongestSide()))
            .footprint(BRIDGE);
    share = (footprint + KIB - 1) / KIB * KIB;
    assertThat(share).isPositive().isLessThan(budget.bytes());
    assertThat(search().statusCode()).as("a search with the whole budget free").isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void nothingHeld() {
    assertThat(budget.availableBytes()).isEqualTo(budget.bytes());
  }

  @Test
  void searchesBeyondTheBudgetAre503WithRetryAfterAndThoseWithinSucceed() throws Exception {
    // Everything but this search's share is held by "other decodes": it fits.
    try (DecodeBudget.Lease others =
        budget.tryAcquire(budget.bytes() - share, Duration.ZERO).orElseThrow()) {
      HttpResponse<String> within = search();
      assertThat(within.statusCode()).as(within.body()).isEqualTo(200);
      assertThat(JSON.readTree(within.body()).path("query").path("pdq").asText()).hasSize(64);

      // One KiB less than its share left: every search waits, then is refused, however many come at
      // once.
      try (DecodeBudget.Lease oneMore = budget.tryAcquire(KIB, Duration.ZERO).orElseThrow()) {
        List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          concurrent.add(searchAsync());
        }
        for (CompletableFuture<HttpResponse<String>> answer : concurrent) {
          HttpResponse<String> refused = answer.get();
          assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
          assertThat(refused.headers().firstValue("retry-after")).hasValue("2");
          assertThat(refused.headers().firstValue("content-type").orElse(""))
              .startsWith("application/json");
          JsonNode error = JSON.readTree(refused.body());
          assertThat(error.path("status").asInt()).isEqualTo(503);
          assertThat(error.path("error").asText()).contains("memory allows");
        }
      }
    }
    // Nothing held any more: the same search succeeds, and gives its share back.
    assertThat(search().statusCode()).isEqualTo(200);
    assertThat(budget.availableBytes()).isEqualTo(budget.bytes());
  }

  @Test
  void aSearchWaitsForAShareGivenBackWithinItsWait() throws Exception {
    DecodeBudget.Lease all = budget.tryAcquire(budget.bytes(), Duration.ZERO).orElseThrow();
    CompletableFuture<HttpResponse<String>> waiting;
    try {
      waiting = searchAsync();
      await().atMost(Duration.ofSeconds(10)).until(budget::hasWaiters);
    } finally {
      all.close();
    }
    HttpResponse<String> answer = waiting.get();
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  @Test
  void beyondTheBudgetABurstQueuesOnlyAFewAndTheRestIsRefusedAtOnce() throws Exception {
    byte[] small = TestImages.jpeg(TestImages.scene(320, 240, BufferedImage.TYPE_INT_RGB), 0.85f);
    double queueFullBefore = counted("decode-queue-full");
    double waitedBefore = counted("decode-wait");
    List<CompletableFuture<Long>> refusedAt = new ArrayList<>();
    List<HttpResponse<String>> answers = new ArrayList<>();
    try (DecodeBudget.Lease all = budget.tryAcquire(budget.bytes(), Duration.ZERO).orElseThrow()) {
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        CompletableFuture<HttpResponse<String>> answer = searchAsync(small, "image/jpeg");
        burst.add(answer);
        refusedAt.add(answer.thenApply(r -> System.nanoTime()));
      }
      for (CompletableFuture<HttpResponse<String>> answer : burst) {
        answers.add(answer.get(60, TimeUnit.SECONDS));
      }
    }
    long queueFullFirst = Long.MAX_VALUE;
    long waitedFirst = Long.MAX_VALUE;
    int waited = 0;
    for (int i = 0; i < answers.size(); i++) {
      HttpResponse<String> refused = answers.get(i);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("retry-after")).hasValue("2");
      String error = JSON.readTree(refused.body()).path("error").asText();
      if (error.contains("wait their turn")) {
        queueFullFirst = Math.min(queueFullFirst, refusedAt.get(i).get());
      } else {
        assertThat(error).contains("waited");
        waited++;
        waitedFirst = Math.min(waitedFirst, refusedAt.get(i).get());
      }
    }
    // At most the queue waits at a time: the rest does not wait the 2 s of those that do.
    assertThat(waited).isGreaterThanOrEqualTo(1).isLessThan(answers.size());
    assertThat(queueFullFirst).isLessThan(waitedFirst);
    assertThat(counted("decode-queue-full") - queueFullBefore).isEqualTo(answers.size() - waited);
    assertThat(counted("decode-wait") - waitedBefore).isEqualTo(waited);
    assertThat(budget.waiting()).isZero();
    assertThat(search().statusCode()).isEqualTo(200);
  }

  private double counted(String reason) {
    return cluster
        .node
        .registry()
        .find("likeness.http.refused")
        .tag("reason", reason)
        .counter()
        .count();
  }

  /**
   * The 35-byte GIF of issue 19: 9999 × 9999 claimed, one pixel coded; it used to hash as a blank
   * image.
   */
  @Test
  void aGifWhoseDataDoesNotFillItsFrameIs422() throws Exception {
    byte[] gif = {
      'G',
      'I',
      'F',
      '8',
      '9',
      'a',
      0x0F,
      0x27,
      0x0F,
      0x27,
      (byte) 0x80,
      0,
      0,
      0,
      0,
      0,
      -1,
      -1,
      -1,
      0x2C,
      0,
      0,
      0,
      0,
      0x0F,
      0x27,
      0x0F,
      0x27,
      0,
      2,
      2,
      0x4C,
      0x01,
      0,
      0x3B
    };
    HttpResponse<String> answer = searchAsync(gif, "image/gif").get();
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
    assertThat(JSON.readTree(answer.body()).path("error").asText())
        .isEqualTo("corrupt gif image: data is truncated: pixels for 1 of its 9999×9999 frame");
  }

  private HttpResponse<String> search() throws Exception {
    return searchAsync().get();
  }

  private CompletableFuture<HttpResponse<String>> searchAsync() {
    return searchAsync(BRIDGE, "image/jpeg");
  }

  private CompletableFuture<HttpResponse<String>> searchAsync(byte[] image, String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(cluster.node.baseUrl() + "/search"))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(image))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
