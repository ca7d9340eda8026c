package dev.likeness.api.decode;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memory that image searches may hold in decoding at once, counted in the bytes each decode
 * holds at its peak ({@code SafeImageDecoder.footprint}, known from the header before any pixel is
 * decoded) rather than in threads: one 100 MP progressive JPEG can need as much as a hundred
 * photos.
 *
 * <p>A search takes its share before decoding and gives it back when its features are computed; one
 * that does not get it within its wait is refused, so memory stays bounded under any burst. A share
 * larger than the whole budget takes all of it, so such an image still decodes, alone. Shares are
 * granted in arrival order. At most {@code maxWaiting} decodes wait at once: one more is refused at
 * once, so that a burst gets quick refusals rather than ever longer waits (and waiting decodes do
 * not take every worker thread). Thread-safe.
 */
public final class DecodeBudget {
  private static final long KIB = 1024;

  /**
   * How many decodes may wait for their share at once, by default: fewer than Vert.x's 20 worker
   * threads, on which they wait, so metrics, lag and peers' reads always find one.
   */
  public static final int DEFAULT_MAX_WAITING = 8;

  private final Semaphore kib;
  private final int totalKib;
  private final int maxWaiting;
  private final AtomicInteger waiting = new AtomicInteger();

  /** A budget of {@code bytes} (rounded up to KiB), with {@link #DEFAULT_MAX_WAITING}. */
  public DecodeBudget(long bytes) {
    this(bytes, DEFAULT_MAX_WAITING);
  }

  /**
   * A budget of {@code bytes} (rounded up to KiB) for which at most {@code maxWaiting} decodes wait
   * at once (0: none waits, a decode that finds no room is refused).
   */
  public DecodeBudget(long bytes, int maxWaiting) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("decode budget must be positive, got " + bytes + " bytes");
    }
    if (maxWaiting < 0) {
      throw new IllegalArgumentException("decode queue must be at least 0, got " + maxWaiting);
    }
    this.totalKib = (int) Math.min(Integer.MAX_VALUE, (bytes + KIB - 1) / KIB);
    this.kib = new Semaphore(totalKib, true);
    this.maxWaiting = maxWaiting;
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

  /** How many decodes wait for their share now. */
  public int waiting() {
    return waiting.get();
  }

  /** How many decodes may wait at once. */
  public int maxWaiting() {
    return maxWaiting;
  }

  /**
   * A share of {@code bytes} (of the whole budget when more), once free and within {@code wait};
   * empty when not. Close the lease when the decoded image is no longer held.
   *
   * @throws DecodeQueueFullException at once, when the share is not free now and {@link
   *     #maxWaiting} decodes already wait
   */
  public Optional<Lease> tryAcquire(long bytes, Duration wait)
      throws InterruptedException, DecodeQueueFullException {
    int share = (int) Math.min(totalKib, Math.max(1, (bytes + KIB - 1) / KIB));
    // Fair: this fails while others wait, so a share is never taken ahead of them.
    if (kib.tryAcquire(share, 0, TimeUnit.NANOSECONDS)) {
      return Optional.of(new Lease(share));
    }
    if (wait.isZero() || wait.isNegative()) {
      return Optional.empty();
    }
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      throw new DecodeQueueFullException(maxWaiting);
    }
    try {
      return kib.tryAcquire(share, wait.toNanos(), TimeUnit.NANOSECONDS)
          ? Optional.of(new Lease(share))
          : Optional.empty();
    } finally {
      waiting.decrementAndGet();
    }
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
