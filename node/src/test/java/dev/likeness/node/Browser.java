package dev.likeness.node;

import dev.likeness.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the machine's packages ({@code chromium}, {@code chromium-driver}), driven
 * through its driver at a fixed path so that Selenium never looks for, or downloads, a browser.
 * Where they are missing the tests skip, or fail when {@link ExternalTool#REQUIRE_ENV} is set.
 */
final class Browser implements AutoCloseable {
  /** Where screenshots go when the system property {@code likeness.screenshots} names a folder. */
  private static final String SCREENSHOTS = "likeness.screenshots";

  static final Dimension DESKTOP = new Dimension(1280, 900);
  static final Dimension PHONE = new Dimension(390, 844);

  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  static Browser start() {
    Path chromium = ExternalTool.require("chromium", "chromium");
    Path chromedriver = ExternalTool.require("chromedriver", "chromium-driver");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // as root in a container there is no sandbox to use
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Browser(driver);
  }

  /** Sets the viewport size: the window is what a headless browser renders. */
  void resize(Dimension size) {
    driver.manage().window().setSize(size);
  }

  /** Saves a screenshot as {@code name}.png if screenshots were asked for. */
  Optional<Path> screenshot(String name) {
    String dir = System.getProperty(SCREENSHOTS);
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    try {
      Path out = Path.of(dir).resolve(name + ".png");
      Files.createDirectories(out.getParent());
      Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return Optional.of(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
