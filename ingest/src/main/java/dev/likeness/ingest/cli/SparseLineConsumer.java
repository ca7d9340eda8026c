package dev.likeness.ingest.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Shows a progress bar where no terminal is attached (CI logs, {@code 2> file}): one full line
 * every so often and the final state, instead of carriage-return redraws that pile up into a single
 * unreadable line.
 */
final class SparseLineConsumer implements ProgressBarConsumer {
  private static final int MAX_LENGTH = 100;

  private final PrintWriter out;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private String latest;
  private boolean latestPrinted = true;
  private long lastPrintNanos;
  private boolean printedAny;

  SparseLineConsumer(PrintWriter out, Duration interval, LongSupplier nanoClock) {
    this.out = out;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public int getMaxRenderedLength() {
    return MAX_LENGTH;
  }

  @Override
  public synchronized void accept(String rendered) {
    // The renderer's line starts with a carriage return meant for terminals.
    latest = rendered.replace("\r", "").strip();
    latestPrinted = false;
    long now = nanoClock.getAsLong();
    if (!printedAny || now - lastPrintNanos >= intervalNanos) {
      print(now);
    }
  }

  @Override
  public synchronized void close() {
    if (!latestPrinted && latest != null) {
      print(nanoClock.getAsLong());
    }
    out.flush();
  }

  private void print(long now) {
    out.println(latest);
    out.flush();
    latestPrinted = true;
    printedAny = true;
    lastPrintNanos = now;
  }
}
