package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.testing.TestImages;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search, image, browse and upload pages in headless Chromium, against a node on a real broker
 * that holds some of the seed photographs.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPagesBrowserTest {
  private static final int SEEDS = 8;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestCluster cluster;
  private Browser browser;
  private HttpTestClient http;
  private String base;
  private final List<String> seeds = new ArrayList<>();
  private Path dir;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    // First: without a browser there is nothing to start a node for.
    browser = Browser.start();
    dir = tmp;
    cluster = TestCluster.start(tmp);
    cluster.startNode(cluster.config("pages-test", 4 << 20));
    http = cluster.http;
    base = cluster.node.baseUrl();
    for (Path seed : TestImages.seeds().subList(0, SEEDS)) {
      String id = seed.getFileName().toString();
      seeds.add(id);
      assertThat(
              http.postRaw("/images?id=" + id + "&meta.collection=seeds", bytes(seed), "image/jpeg")
                  .status())
          .isEqualTo(202);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> listedIds().containsAll(seeds));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void desktop() {
    browser.resize(Browser.DESKTOP);
  }

  @Test
  void aDroppedCroppedAndRotatedCopyFindsItsSeedFirstWithItsRegion() throws Exception {
    String seed = seeds.get(4);
    byte[] copy = TestImages.jpeg(croppedAndRotated(TestImages.read(bytes(seedPath(seed)))), 0.9f);
    browser.driver.get(base + "/");
    drop(copy, "copy.jpg");

    waitFor()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "best first"));
    WebElement first = browser.driver.findElement(By.cssSelector("#results li"));
    assertThat(first.getAttribute("data-id")).isEqualTo(seed);
    assertThat(first.getAttribute("data-path")).isEqualTo("keypoints");
    WebElement region = first.findElement(By.cssSelector(".region"));
    assertThat(region.getSize().getWidth()).isPositive();
    assertThat(first.findElement(By.cssSelector(".how")).getText())
        .contains("crop")
        .contains("rotated");
    assertThat(browser.driver.findElement(By.id("query-image")).isDisplayed()).isTrue();
    browser.screenshot("search-page-desktop");

    browser.resize(Browser.PHONE);
    // At phone width the query and the results stack: the page is no wider than the screen.
    Long overflow =
        (Long)
            browser.driver.executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
    assertThat(overflow).isLessThanOrEqualTo(0L);
    browser.screenshot("search-page-phone");
  }

  @Test
  void anUploadedImageBecomesSearchableAndADeletedOneIsNotFoundAnyMore() throws Exception {
    Path file = dir.resolve("new-scene.png");
    Files.write(
        file, TestImages.encode(TestImages.scene(640, 480, BufferedImage.TYPE_INT_RGB), "png"));
    String id = "browser-upload";

    browser.driver.get(base + "/ui/upload");
    browser.driver.findElement(By.id("files")).sendKeys(file.toString());
    browser.driver.findElement(By.id("id")).sendKeys(id);
    browser.driver.findElement(By.id("meta")).sendKeys("owner=selenium");
    browser.driver.findElement(By.id("send")).click();
    WebElement row =
        waitFor()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".upload-row[data-state='searchable']")));
    assertThat(row.getAttribute("data-id")).isEqualTo(id);
    assertThat(Long.parseLong(row.getAttribute("data-ms"))).isNotNegative();
    assertThat(row.getText()).contains("Searchable after");
    browser.screenshot("upload-page-desktop");

    assertThat(searchIds(file)).startsWith(id);

    browser.driver.get(base + "/ui/images/" + id);
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("image")));
    assertThat(browser.driver.findElement(By.id("metadata")).getText()).contains("selenium");
    assertThat(browser.driver.findElement(By.id("facts")).getText()).contains("640 × 480");
    browser.screenshot("image-page-desktop");
    browser.driver.findElement(By.id("delete")).click();
    browser.driver.findElement(By.id("confirm-delete")).click();
    waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "Deleted"));

    await().atMost(WAIT).until(() -> !searchIds(file).contains(id));
  }

  @Test
  void aFileThatIsNotAnImageGetsThe415Message() throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "these are words, not a picture");
    browser.driver.get(base + "/");
    browser.driver.findElement(By.id("file")).sendKeys(text.toString());
    WebElement state =
        waitFor()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#state[data-status='415']")));
    assertThat(state.getText()).contains("not an image");
  }

  @Test
  void browsingPagesThroughEveryImageWithoutRepeatsOrGaps() {
    List<String> expected = listedIds();
    browser.driver.get(base + "/ui/browse?limit=3");
    // The grid loads the next page whenever its end comes into view: scroll until it says so.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              browser.driver.executeScript("window.scrollTo(0, document.body.scrollHeight);");
              return browser.driver.findElement(By.id("state")).getText().contains("all of them");
            });
    List<String> shown =
        browser.driver.findElements(By.cssSelector("#images li")).stream()
            .map(li -> li.getAttribute("data-id"))
            .toList();
    assertThat(shown).isEqualTo(expected);
    assertThat(new HashSet<>(shown)).hasSameSizeAs(shown);
    browser.driver.executeScript("window.scrollTo(0, 0);");
    browser.screenshot("browse-page-desktop");
  }

  @Test
  void theApiDescriptionIsRenderedFromTheWebjarAndThePagesLinkToEachOther() {
    browser.driver.get(base + "/api-docs");
    WebElement title =
        waitFor()
            .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".info .title")));
    assertThat(title.getText()).contains("Likeness HTTP API");
    assertThat(browser.driver.findElements(By.cssSelector(".opblock")).size()).isGreaterThan(10);
    browser.screenshot("api-docs-desktop");
    browser.driver.findElement(By.linkText("Status")).click();
    waitFor().until(ExpectedConditions.urlContains("/status"));
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains("status");
    browser.driver.findElement(By.linkText("Search")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("drop")));
  }

  /** The ids of the node's listing, page after page through the API. */
  private List<String> listedIds() {
    List<String> ids = new ArrayList<>();
    String after = "";
    do {
      JsonNode page =
          http.get("/images?limit=100" + (after.isEmpty() ? "" : "&after=" + after)).json();
      page.path("images").forEach(i -> ids.add(i.path("id").asText()));
      after = page.path("next").asText("");
    } while (!after.isEmpty());
    return ids;
  }

  /** Searches with {@code file} on the search page and gives the result ids shown. */
  private List<String> searchIds(Path file) {
    browser.driver.get(base + "/");
    browser.driver.findElement(By.id("file")).sendKeys(file.toString());
    waitFor().until(d -> d.findElement(By.id("state")).getAttribute("data-status") != null);
    return browser.driver.findElements(By.cssSelector("#results li")).stream()
        .map(li -> li.getAttribute("data-id"))
        .toList();
  }

  /** Drops {@code data} on the drop zone as a file, as a drag from the desktop does. */
  private void drop(byte[] data, String name) {
    browser.driver.executeScript(
        "const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
            + "const transfer = new DataTransfer();"
            + "transfer.items.add(new File([bytes], arguments[1], {type: 'image/jpeg'}));"
            + "document.getElementById('drop').dispatchEvent("
            + "  new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));",
        Base64.getEncoder().encodeToString(data),
        name);
  }

  /** The middle half of the image turned by 8°: a crop that no whole-image hash matches. */
  private static BufferedImage croppedAndRotated(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage turned = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = turned.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.rotate(Math.toRadians(8), w / 2.0, h / 2.0);
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return TestImages.crop(turned, w / 4, h / 4, w / 2, h / 2);
  }

  private WebDriverWait waitFor() {
    return new WebDriverWait(browser.driver, WAIT);
  }

  private Path seedPath(String id) {
    return Path.of("..", "seeds", id);
  }

  private static byte[] bytes(Path p) throws Exception {
    return Files.readAllBytes(p);
  }
}
