package dev.likeness.core.match;

import java.lang.ref.SoftReference;
import java.util.function.Supplier;

/**
 * A per-thread workspace (detector buffers, resampling frames) held softly: a thread that has not
 * used it for a while gives its megabytes back when the heap runs short, and gets a new one on its
 * next call.
 *
 * <p>Why: an indexer that ingests millions of imported hashes keeps its stream threads' keypoint
 * buffers (about 7 MB each) from the few images it saw at the start; under a 1 GiB heap at 10M
 * entries those were what stood between the index and full collections.
 */
public final class ReclaimableWorkspace<T> {
  private final Supplier<T> factory;
  private final ThreadLocal<SoftReference<T>> perThread = new ThreadLocal<>();

  /** A workspace built by {@code factory} on a thread's first call and after each reclaim. */
  public ReclaimableWorkspace(Supplier<T> factory) {
    this.factory = factory;
  }

  /** This thread's workspace, built now if it has none or the collector took it back. */
  public T get() {
    SoftReference<T> held = perThread.get();
    T workspace = held == null ? null : held.get();
    if (workspace == null) {
      workspace = factory.get();
      perThread.set(new SoftReference<>(workspace));
    }
    return workspace;
  }

  /**
   * This thread's reference, for tests that stand in for the collector; null before the first call.
   */
  SoftReference<T> heldByThisThread() {
    return perThread.get();
  }
}
