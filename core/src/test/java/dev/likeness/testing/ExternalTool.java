package dev.likeness.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A program from the machine's packages that a test runs (docker-compose, prometheus). Where it is
 * missing the test is skipped, unless {@code LIKENESS_REQUIRE_TOOLS} is set (CI sets it and
 * installs the tools): then the test fails, so a broken install cannot pass as a skipped check.
 */
public final class ExternalTool {
  /** Environment variable that turns a missing tool from a skip into a failure. */
  public static final String REQUIRE_ENV = "LIKENESS_REQUIRE_TOOLS";

  private ExternalTool() {}

  /** The executable {@code name} on the {@code PATH}, if any. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * The executable {@code name}; skips the calling test where it is missing, or fails it when
   * {@link #REQUIRE_ENV} is set.
   *
   * @param debianPackage the package that brings it, named in the message
   */
  public static Path require(String name, String debianPackage) {
    Optional<Path> found = onPath(name);
    if (found.isEmpty()) {
      String message =
          name
              + " is not installed (apt-get install "
              + debianPackage
              + "), so this check cannot run";
      if (System.getenv(REQUIRE_ENV) != null) {
        fail(message + "; " + REQUIRE_ENV + " is set");
      }
      assumeTrue(false, message);
    }
    return found.get();
  }
}
