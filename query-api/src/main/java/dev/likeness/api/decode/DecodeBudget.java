package dev.likeness.api.decode;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The memory that image searches may hold in decoding at once, counted in the bytes each decode
 * holds at its peak ({@code SafeImageDecoder.footprint}, known from the header before any pixel is
 * decoded) rather than in threads: one 100 MP progressive JPEG can need as much as a hundred
 * photos.
 *
 * <p>A search takes its share before decoding and gives it back when its features are computed; one
 * that does not get it within its wait is refused, so memory stays bounded under any burst. A share
 * larger than the whole budget takes all of it, so such an image still decodes, alone. Shares are
 * granted in arrival order. Thread-safe.
 */
public final class DecodeBudget {
  private static final long KIB = 1024;

  private final Semaphore kib;
  private final int totalKib;

  /** A budget of {@code bytes} (rounded up to KiB). */
  public DecodeBudget(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("decode budget must be positive, got " + bytes + " bytes");
    }
    this.totalKib = (int) Math.min(Integer.MAX_VALUE, (bytes + KIB - 1) / KIB);
    this.kib = new Semaphore(totalKib, true);
  }

  /**
   * The default budget for a heap of {@code maxHeap} bytes: a quarter of it (at least 64 MiB),
   * since the decoded pixels live on the heap.
   */
  public static long defaultBytes(long maxHeap) {
    return Math.max(64L << 20, maxHeap / 4);
  }

  /** The whole budget, in bytes. */
  public long bytes() {
    return totalKib * KIB;
  }

  /** The bytes not held by any decode now. */
  public long availableBytes() {
    return kib.availablePermits() * KIB;
  }

  /** Whether some decode is waiting for its share. */
  public boolean hasWaiters() {
    return kib.hasQueuedThreads();
  }

  /**
   * A share of {@code bytes} (of the whole budget when more), once free and within {@code wait};
   * empty when not. Close the lease when the decoded image is no longer held.
   */
  public Optional<Lease> tryAcquire(long bytes, Duration wait) throws InterruptedException {
    int share = (int) Math.min(totalKib, Math.max(1, (bytes + KIB - 1) / KIB));
    if (!kib.tryAcquire(share, Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
      return Optional.empty();
    }
    return Optional.of(new Lease(share));
  }

  /** A share of the budget, given back once by {@link #close()}. */
  public final class Lease implements AutoCloseable {
    private final int share;
    private boolean closed;

    private Lease(int share) {
      this.share = share;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        kib.release(share);
      }
    }
  }
}
