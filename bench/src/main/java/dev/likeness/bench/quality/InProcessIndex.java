package dev.likeness.bench.quality;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.hash.PdqHashes;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.feature.FeatureExtractor;
import dev.likeness.core.feature.ImageSource;
import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.ImageRejectedException;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.image.Thumbnailer;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.match.BandHashes;
import dev.likeness.core.match.ImageMatcher;
import dev.likeness.core.match.MatchFeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.MatchHit;
import dev.likeness.core.match.Reference;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The production feature path without Kafka, for one of two matchers:
 *
 * <ul>
 *   <li>{@code pdq}: {@link FeatureExtractor#extract} on the file bytes, the record's primary hash
 *       into a {@link HammingIndex} (as {@code FeatureStore} does), searches with all eight
 *       dihedral forms of the query (as the API does);
 *   <li>{@code likeness}: decode, {@link MatchFeatureExtractor}, an {@link ImageMatcher} whose
 *       references go through their stored forms (the keypoint codec's bytes and the JPEG
 *       thumbnail), as they would from the feature store.
 * </ul>
 *
 * In-process so that thousands of queries take minutes, not hours; the scoring is the same code.
 */
public final class InProcessIndex {
  /** Which matcher to measure. */
  public enum Matcher {
    /** Whole-image PDQ only (the baseline). */
    PDQ,
    /** {@link ImageMatcher}: trimmed whole-image PDQ plus verified keypoints. */
    LIKENESS;

    /** Lower-case name, as on the command line. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The answer to one query.
   *
   * @param bestId top hit's id, or empty
   * @param bestScore top hit's score, or {@link QueryOutcome#NONE}
   * @param bestDetail top hit's form or path
   * @param rightScore the score the given right original got, or {@link QueryOutcome#NONE}
   * @param rightPath the path that gave the right original its score, or empty
   */
  public record Answer(
      String bestId, int bestScore, String bestDetail, int rightScore, String rightPath) {}

  private final Matcher matcher;
  // Extractors keep per-instance buffers; one per thread keeps them lock-free.
  private final ThreadLocal<FeatureExtractor> extractors =
      ThreadLocal.withInitial(FeatureExtractor::new);
  private final ThreadLocal<MatchFeatureExtractor> matchExtractors =
      ThreadLocal.withInitial(MatchFeatureExtractor::new);
  private final ThreadLocal<SafeImageDecoder> decoders =
      ThreadLocal.withInitial(() -> new SafeImageDecoder(ImageLimits.defaults()));
  private final HammingIndex index = new HammingIndex();
  private final Map<String, Hash256> stored = new ConcurrentHashMap<>();
  private final Map<String, Reference> references = new ConcurrentHashMap<>();
  private final ImageMatcher likeness = new ImageMatcher(references::get);
  private final AtomicLong storedBytes = new AtomicLong();
  private final AtomicLong indexNanos = new AtomicLong();
  private final AtomicLong queryExtractNanos = new AtomicLong();
  private final AtomicLong searchNanos = new AtomicLong();
  private final AtomicLong queries = new AtomicLong();

  /** An index measuring the PDQ baseline. */
  public InProcessIndex() {
    this(Matcher.PDQ);
  }

  /** An index measuring {@code matcher}. */
  public InProcessIndex(Matcher matcher) {
    this.matcher = matcher;
  }

  /** The matcher measured. */
  public Matcher matcher() {
    return matcher;
  }

  /** Indexes the image {@code bytes} under {@code id}. */
  public void add(String id, byte[] bytes) throws ImageRejectedException {
    long start = System.nanoTime();
    if (matcher == Matcher.PDQ) {
      FeatureRecord record = extractors.get().extract(bytes, ImageSource.uploadedAt(0), 0);
      Hash256 primary = record.hashes().original();
      stored.put(id, primary);
      index.put(id, primary);
      indexNanos.addAndGet(System.nanoTime() - start);
      return;
    }
    BufferedImage pixels = decoders.get().decode(bytes).pixels();
    MatchFeatures f = matchExtractors.get().forIndex(pixels);
    indexNanos.addAndGet(System.nanoTime() - start);
    // Through the stored forms, as a feature-store record would hold them.
    byte[] keypointBlock = KeypointCodec.encode(f.keypoints());
    byte[] thumbnail = new Thumbnailer().jpeg(pixels, FeatureExtractor.THUMBNAIL_SIDE);
    // Beyond the PDQ record: the keypoints, the trimmed hash, the band hashes (hash and quality
    // each).
    int bands = f.bands() == null ? 0 : BandHashes.COUNT * (Hash256.BYTES + 1);
    storedBytes.addAndGet(keypointBlock.length + Hash256.BYTES + 1 + bands);
    references.put(
        id,
        Reference.decode(
            f.whole().original(), f.whole().quality(), keypointBlock, f.bands(), thumbnail));
    likeness.put(
        id,
        f.whole().original(),
        f.trimmed() == null ? null : f.trimmed().original(),
        f.whole().quality(),
        KeypointCodec.decode(keypointBlock));
  }

  /** Number of indexed images. */
  public int size() {
    return matcher == Matcher.PDQ ? index.size() : likeness.size();
  }

  /**
   * Searches {@code bytes}: the best hit within {@code radius}, and the score of {@code rightId}
   * (null for none) whether or not it made the top {@code k}.
   */
  public Answer query(byte[] bytes, String rightId, int k, int radius)
      throws ImageRejectedException {
    long start = System.nanoTime();
    if (matcher == Matcher.PDQ) {
      PdqHashes hashes = extractors.get().hashes(bytes);
      long extracted = System.nanoTime();
      List<IndexMatch> hits = index.search(hashes.forms(), k, radius);
      record(start, extracted);
      int right = rightId == null ? QueryOutcome.NONE : distanceTo(hashes, rightId);
      String rightPath = right == QueryOutcome.NONE ? "" : "whole";
      if (hits.isEmpty()) {
        return new Answer("", QueryOutcome.NONE, "", right, rightPath);
      }
      IndexMatch best = hits.get(0);
      return new Answer(best.id(), best.distance(), formName(best.form()), right, rightPath);
    }
    BufferedImage pixels = decoders.get().decode(bytes).pixels();
    MatchFeatures f = matchExtractors.get().forQuery(pixels);
    long extracted = System.nanoTime();
    // Every hit within the radius, so the right original's score is known even outside the top k;
    // the keypoint path still verifies only its own top candidates, so this adds no recall.
    List<MatchHit> hits = likeness.search(f, Math.max(k, size()), radius);
    record(start, extracted);
    int right = QueryOutcome.NONE;
    String rightPath = "";
    for (MatchHit h : hits) {
      if (h.id().equals(rightId)) {
        right = h.score();
        rightPath = h.path().name().toLowerCase(Locale.ROOT);
      }
    }
    if (hits.isEmpty()) {
      return new Answer("", QueryOutcome.NONE, "", right, rightPath);
    }
    MatchHit best = hits.get(0);
    return new Answer(
        best.id(), best.score(), best.path().name().toLowerCase(Locale.ROOT), right, rightPath);
  }

  private void record(long start, long extracted) {
    queryExtractNanos.addAndGet(extracted - start);
    searchNanos.addAndGet(System.nanoTime() - extracted);
    queries.incrementAndGet();
  }

  /** Mean feature extraction time per indexed image (decode included), in ms. */
  public double indexMillisPerImage() {
    int n = Math.max(1, size());
    return indexNanos.get() / 1e6 / n;
  }

  /** Mean query feature extraction time (decode included), in ms. */
  public double queryExtractMillis() {
    return queryExtractNanos.get() / 1e6 / Math.max(1, queries.get());
  }

  /** Mean search time after extraction, in ms. */
  public double searchMillis() {
    return searchNanos.get() / 1e6 / Math.max(1, queries.get());
  }

  /**
   * Mean stored bytes per image beyond the PDQ record (keypoint block, trimmed hash), or 0 for pdq.
   */
  public double storedBytesPerImage() {
    return matcher == Matcher.PDQ ? 0 : (double) storedBytes.get() / Math.max(1, size());
  }

  /** Heap of the keypoint index per image, in bytes, or 0 for pdq. */
  public double keypointHeapPerImage() {
    return matcher == Matcher.PDQ
        ? 0
        : (double) likeness.keypointIndex().heapBytes() / Math.max(1, size());
  }

  /**
   * The distance between {@code query} (best of its forms) and the stored hash of {@code id}, the
   * same number the index would report, whether or not {@code id} made the top k.
   */
  private int distanceTo(PdqHashes query, String id) {
    Hash256 target = stored.get(id);
    if (target == null) {
      return QueryOutcome.NONE;
    }
    int best = QueryOutcome.NONE;
    for (Hash256 form : query.forms()) {
      best = Math.min(best, form.distance(target));
    }
    return best;
  }

  private static String formName(Dihedral d) {
    return d.name().toLowerCase(Locale.ROOT);
  }
}
