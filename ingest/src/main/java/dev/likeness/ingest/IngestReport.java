package dev.likeness.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an ingest run did.
 *
 * @param published images acknowledged by Kafka
 * @param skipped files left out because an identical image was already sent in this run
 * @param failures files not published, in the order they were found
 * @param notSent files without an acknowledgement because the run stopped early (never sent, or
 *     sent but not acknowledged, so perhaps in the topic), in the order they were found
 * @param stopReason why the run stopped early; empty if it went through every file
 * @param bytes image bytes published
 * @param elapsed wall time of the run
 */
public record IngestReport(
    int published,
    int skipped,
    List<IngestFailure> failures,
    List<Path> notSent,
    String stopReason,
    long bytes,
    Duration elapsed) {

  public IngestReport {
    failures = List.copyOf(failures);
    notSent = List.copyOf(notSent);
    stopReason = Objects.requireNonNull(stopReason, "stopReason");
  }

  /** Whether every file found was published (or skipped as a duplicate). */
  public boolean allPublished() {
    return failures.isEmpty() && notSent.isEmpty() && !stopped();
  }

  /** Whether the run stopped before the end; {@link #stopReason} says why. */
  public boolean stopped() {
    return !stopReason.isEmpty();
  }

  /** Published images per second of wall time. */
  public double imagesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : published / seconds;
  }

  /**
   * One line for people: {@code published 5, failed 1, 3.2 MiB in 0.8 s (6.1 images/s)}, with
   * {@code not sent N} after the failures when the run stopped early.
   */
  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "published %d, failed %d%s%s, %s in %.1f s (%.1f images/s)",
        published,
        failures.size(),
        stopped() ? ", not sent " + notSent.size() : "",
        skipped > 0 ? ", skipped " + skipped + " duplicates" : "",
        humanBytes(bytes),
        elapsed.toNanos() / 1e9,
        imagesPerSecond());
  }

  private static String humanBytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
