package dev.likeness.core.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the k best {@link IndexMatch}es seen, ordered by distance then id. Insertion into a sorted
 * array: k is small (≤ 1000) and most candidates are rejected by one comparison with the worst.
 */
public final class TopK {
  private final IndexMatch[] best;
  private int size;

  /** Keeps at most {@code k} matches. */
  public TopK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1");
    }
    this.best = new IndexMatch[k];
  }

  /** The distance a candidate must beat (or tie, with a smaller id) to enter; MAX when not full. */
  public int admissionDistance() {
    return size < best.length ? Integer.MAX_VALUE : best[size - 1].distance();
  }

  /** Offers a candidate. */
  public void offer(IndexMatch m) {
    if (size == best.length && IndexMatch.compare(m, best[size - 1]) >= 0) {
      return;
    }
    int pos = size < best.length ? size++ : size - 1;
    while (pos > 0 && IndexMatch.compare(m, best[pos - 1]) < 0) {
      best[pos] = best[pos - 1];
      pos--;
    }
    best[pos] = m;
  }

  /** The kept matches, best first. */
  public List<IndexMatch> toList() {
    return new ArrayList<>(Arrays.asList(best).subList(0, size));
  }
}
