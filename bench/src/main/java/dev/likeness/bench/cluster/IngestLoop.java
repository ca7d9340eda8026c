package dev.likeness.bench.cluster;

import dev.likeness.bench.jmh.SyntheticPhotos;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.ingest.publish.ImagePublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes distinct photo-like JPEGs at a steady rate and records each one's fate in the ledger.
 * At most {@link #IN_FLIGHT} wait for their acknowledgement at once, so an outage slows the loop
 * down instead of piling up images.
 */
final class IngestLoop implements Runnable {
  static final int IN_FLIGHT = 400;

  private final ImagePublisher publisher;
  private final Ledger ledger;
  private final String idPrefix;
  private final long seedBase;
  private final double perSecond;
  private final int side;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private volatile boolean running = true;

  IngestLoop(
      ImagePublisher publisher,
      Ledger ledger,
      String idPrefix,
      long seedBase,
      double perSecond,
      int side) {
    this.publisher = publisher;
    this.ledger = ledger;
    this.idPrefix = idPrefix;
    this.seedBase = seedBase;
    this.perSecond = perSecond;
    this.side = side;
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    long periodNanos = (long) (1e9 / perSecond);
    for (long seq = 0; running; seq++) {
      LockSupport.parkNanos(start + seq * periodNanos - System.nanoTime());
      if (!running) {
        break;
      }
      String id = String.format("%s-%07d", idPrefix, seq);
      byte[] jpeg = image(seedBase + seq);
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      ledger.sent(id);
      publisher
          .publish(ImageUpload.of(id, jpeg, "image/jpeg", "chaos"))
          .whenComplete(
              (ok, failure) -> {
                inFlight.release();
                if (failure == null) {
                  ledger.acked(id);
                } else {
                  ledger.failed(id, failure.toString());
                }
              });
    }
  }

  /** Stops publishing; images already sent keep their chance to be acknowledged. */
  void stop() {
    running = false;
  }

  /** Waits until every image sent is acknowledged or failed. */
  boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
    if (inFlight.tryAcquire(IN_FLIGHT, timeout, unit)) {
      inFlight.release(IN_FLIGHT);
      return true;
    }
    return false;
  }

  private byte[] image(long seed) {
    try {
      return SyntheticPhotos.jpeg(SyntheticPhotos.photoLike(side, side, seed), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
