package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.api.HttpTestClient;
import dev.likeness.api.auth.ApiKey;
import dev.likeness.api.auth.Scope;
import dev.likeness.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The pages in headless Chromium against a node with a key file: the pages load without a key, the
 * first API call asks for one, and from then on the key travels in a header only, thumbnails
 * included.
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPagesWithKeyBrowserTest {
  private static final int SEEDS = 3;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ApiKey.Issued WRITER =
      ApiKey.issue("writer", Set.of(Scope.SEARCH, Scope.WRITE));

  private TestCluster cluster;
  private Browser browser;
  private String base;
  private final List<Path> seeds = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    // First: without a browser there is nothing to start a node for.
    browser = Browser.start();
    Path keyFile = tmp.resolve("keys.txt");
    Files.write(keyFile, List.of(WRITER.entry().line()));
    cluster = TestCluster.start(tmp);
    cluster.startNode(
        cluster.config("pages-key-test", 4 << 20).toBuilder().apiKeysFile(keyFile).build());
    base = cluster.node.baseUrl();
    HttpTestClient http = cluster.http;
    Map<String, String> withKey =
        Map.of("authorization", "Bearer " + WRITER.key(), "content-type", "image/jpeg");
    seeds.addAll(TestImages.seeds().subList(0, SEEDS));
    for (Path seed : seeds) {
      String id = seed.getFileName().toString();
      assertThat(http.send("POST", "/images?id=" + id, Files.readAllBytes(seed), withKey).status())
          .isEqualTo(202);
    }
    for (Path seed : seeds) {
      String path = "/images/" + seed.getFileName();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> http.send("GET", path, null, withKey).status() == 200);
    }
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

  /**
   * Each scenario starts in a tab that has not been given the key and has cached nothing: a
   * thumbnail cached by an earlier scenario would show without the key.
   */
  @BeforeEach
  void forgetTheKey() {
    // Any page of the node's origin that calls no API route.
    browser.driver.get(base + "/ui/app.css");
    browser.driver.executeScript("sessionStorage.clear();");
    browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
  }

  @Test
  void aSearchAsksForTheKeyOnceThenShowsResultsAndThumbnailsWithTheKeyInNoUrl() {
    Path seed = seeds.get(1);
    String seedId = seed.getFileName().toString();
    browser.driver.get(base + "/");
    browser
        .driver
        .findElement(By.id("file"))
        .sendKeys(seed.toAbsolutePath().normalize().toString());

    WebElement input =
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
    assertThat(browser.driver.findElement(By.id("key-why")).getText())
        .contains("needs an API key")
        .contains("search");
    giveTheKey(input);

    waitFor()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "best first"));
    WebElement first = browser.driver.findElement(By.cssSelector("#results li"));
    assertThat(first.getAttribute("data-id")).isEqualTo(seedId);
    assertThat(browser.driver.findElement(By.id("key-button")).getText()).contains("\u2713");
    awaitThumbnailsShown("#results li img");
    assertKeyInNoUrl("/search?");
    browser.screenshot("search-page-with-key");

    // The key stays with the tab: the browse page uses it without asking again.
    browser.driver.findElement(By.linkText("Browse")).click();
    waitFor()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "all of them"));
    assertThat(
            browser.driver.findElements(By.cssSelector("#images li")).stream()
                .map(li -> li.getAttribute("data-id"))
                .toList())
        .containsExactlyInAnyOrderElementsOf(
            seeds.stream().map(p -> p.getFileName().toString()).toList());
    assertThat(browser.driver.findElements(By.id("key-dialog"))).noneMatch(WebElement::isDisplayed);
    awaitThumbnailsShown("#images li img");

    assertKeyInNoUrl("/images?limit=");
  }

  @Test
  void aSharedSearchLinkShowsItsQueryImageOnceTheKeyIsGiven() {
    String seedId = seeds.get(2).getFileName().toString();
    browser.driver.get(base + "/?id=" + seedId);
    giveTheKey(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input"))));

    waitFor()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "best first"));
    assertThat(browser.driver.findElement(By.cssSelector("#results li")).getAttribute("data-id"))
        .isEqualTo(seedId);
    // The query's thumbnail was asked for before the key was known.
    awaitThumbnailsShown("#query-image");
    assertKeyInNoUrl("/search?");
  }

  private void giveTheKey(WebElement input) {
    input.sendKeys(WRITER.key());
    browser.driver.findElement(By.cssSelector("#key-dialog button[value='save']")).click();
  }

  /**
   * Checks that the key is in neither the page's address nor any address it loaded (a document
   * keeps only its own loads, so this is checked on each page); {@code called} is one of them.
   */
  private void assertKeyInNoUrl(String called) {
    assertThat(browser.driver.getCurrentUrl()).doesNotContain(WRITER.key());
    @SuppressWarnings("unchecked")
    List<String> loaded =
        (List<String>)
            browser.driver.executeScript(
                "return performance.getEntriesByType('navigation')"
                    + ".concat(performance.getEntriesByType('resource')).map(e => e.name);");
    assertThat(loaded).anyMatch(url -> url.contains(called));
    assertThat(loaded).noneMatch(url -> url.contains(WRITER.key()));
  }

  /** Waits until every image {@code selector} finds has been decoded. */
  private void awaitThumbnailsShown(String selector) {
    waitFor()
        .until(
            d -> {
              List<WebElement> images = d.findElements(By.cssSelector(selector));
              return !images.isEmpty()
                  && images.stream()
                      .allMatch(img -> Long.parseLong(img.getDomProperty("naturalWidth")) > 0);
            });
  }

  private WebDriverWait waitFor() {
    return new WebDriverWait(browser.driver, WAIT);
  }
}
