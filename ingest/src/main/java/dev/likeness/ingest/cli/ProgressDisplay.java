package dev.likeness.ingest.cli;

import dev.likeness.contract.record.PublishResult;
import dev.likeness.ingest.IngestReport;
import dev.likeness.ingest.ProgressListener;
import dev.likeness.ingest.files.ImageFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar (count, rate, ETA) for an ingest run. */
final class ProgressDisplay implements ProgressListener {
  /** How often a line is printed when stderr is not a terminal. */
  static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  private final PrintWriter err;
  private final boolean terminal;
  private final AtomicInteger failed = new AtomicInteger();
  private volatile ProgressBar bar;

  /**
   * @param err where to draw when there is no terminal
   * @param terminal whether stderr is an interactive terminal; then the library draws in place on
   *     the process's stderr, sized to the terminal
   */
  ProgressDisplay(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** Best guess available on Java 17 for "a person is watching stderr". */
  static boolean stderrIsTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  @Override
  public void started(int images) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName("ingest")
            .setInitialMax(images)
            .setUnit(" img", 1)
            .showSpeed()
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setUpdateIntervalMillis(500);
    if (terminal) {
      builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK);
    } else {
      // Log files and CI consoles: plain characters, one line every LOG_INTERVAL.
      builder
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new SparseLineConsumer(err, LOG_INTERVAL, System::nanoTime));
    }
    bar = builder.build();
  }

  @Override
  public void published(ImageFile file, PublishResult result, long bytes) {
    step();
  }

  @Override
  public void failed(Path path, String reason) {
    int n = failed.incrementAndGet();
    ProgressBar b = bar;
    if (b != null) { // failures found while walking come before the bar exists
      b.setExtraMessage(", " + n + " failed");
      b.step();
    }
  }

  @Override
  public void skipped(ImageFile file, String reason) {
    step();
  }

  @Override
  public void finished(IngestReport report) {
    ProgressBar b = bar;
    if (b != null) {
      b.close();
    }
  }

  private void step() {
    ProgressBar b = bar;
    if (b != null) {
      b.step();
    }
  }
}
