package dev.likeness.ingest;

import dev.likeness.core.image.ImageFormat;
import dev.likeness.ingest.files.FileProblem;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.files.ImageFile;
import dev.likeness.ingest.files.ImageFiles;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.ImageUpload;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the images under some paths: the work of {@code likeness ingest} without the command
 * line, so the demo and tests can run it directly.
 *
 * <p>Files are read one at a time on the calling thread while earlier ones are in flight; the
 * number of unacknowledged images and their total size are both bounded, so a folder of large
 * photos cannot fill the heap. Each file is sniffed before sending: something that is not an image
 * fails here, with its path, instead of becoming a dead letter downstream.
 */
public final class Ingester {
  private static final Logger log = LoggerFactory.getLogger(Ingester.class);
  /** Image bytes allowed in flight at once, unless a single image is larger. */
  private static final int BYTES_IN_FLIGHT = 64 * 1024 * 1024;

  /** Walks {@code paths}, publishes every image found and waits for all acknowledgements. */
  public IngestReport ingest(
      List<Path> paths, IngestOptions options, ImagePublisher publisher, ProgressListener listener) {
    long start = System.nanoTime();
    ImageFiles.Found found = ImageFiles.find(paths);
    Run run = new Run(options, publisher, listener);
    List<FileProblem> problems = found.problems();
    for (int i = 0; i < problems.size(); i++) {
      // Negative keys put walk problems first, in argument order, ahead of the files (0, 1, ...).
      run.fail(Integer.MIN_VALUE + i, problems.get(i).path(), problems.get(i).reason());
    }
    listener.started(found.images().size());
    List<ImageFile> images = found.images();
    for (int i = 0; i < images.size(); i++) {
      run.submit(i, images.get(i));
    }
    run.awaitAll();
    IngestReport report = new IngestReport(run.published.get(), run.skipped.get(),
        new ArrayList<>(run.failures.values()), run.bytes.get(),
        Duration.ofNanos(System.nanoTime() - start));
    log.debug("ingest finished: {}", report.summaryLine());
    listener.finished(report);
    return report;
  }

  /** The state of one call, shared with the producer's callback thread. */
  private static final class Run {
    final IngestOptions options;
    final ImagePublisher publisher;
    final ProgressListener listener;
    final Semaphore slots;
    final int byteBudget;
    final Semaphore bytesInFlight;
    /** Keyed by discovery order so the report lists failures as the files were found. */
    final ConcurrentSkipListMap<Integer, IngestFailure> failures = new ConcurrentSkipListMap<>();
    final AtomicInteger published = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();
    /** Ids sent in this run, to catch two files mapping to one key (caller thread only). */
    final Map<String, Path> sentIds = new HashMap<>();

    Run(IngestOptions options, ImagePublisher publisher, ProgressListener listener) {
      this.options = options;
      this.publisher = publisher;
      this.listener = listener;
      this.slots = new Semaphore(options.maxInFlight());
      this.byteBudget = Math.max(BYTES_IN_FLIGHT, options.maxImageBytes());
      this.bytesInFlight = new Semaphore(byteBudget);
    }

    void submit(int index, ImageFile file) {
      Optional<ImageUpload> upload = prepare(index, file);
      if (upload.isEmpty()) {
        return;
      }
      byte[] data = upload.get().bytes();
      slots.acquireUninterruptibly();
      bytesInFlight.acquireUninterruptibly(data.length);
      publisher.publish(upload.get()).whenComplete((result, error) -> {
        try {
          if (error == null) {
            published.incrementAndGet();
            bytes.addAndGet(data.length);
            listener.published(file, result, data.length);
          } else {
            fail(index, file.path(), describe(error));
          }
        } finally {
          // Released last: awaitAll() reads the counters as soon as it owns every slot.
          bytesInFlight.release(data.length);
          slots.release();
        }
      });
    }

    /** Reads, sniffs and names a file; empty (with the failure recorded) if it cannot be sent. */
    private Optional<ImageUpload> prepare(int index, ImageFile file) {
      byte[] data;
      try {
        long size = Files.size(file.path());
        if (size > options.maxImageBytes()) {
          fail(index, file.path(), ImageUpload.tooLarge(size, options.maxImageBytes()));
          return Optional.empty();
        }
        data = Files.readAllBytes(file.path());
      } catch (IOException e) {
        fail(index, file.path(), describe(e));
        return Optional.empty();
      }
      Optional<String> contentType = ImageFormat.sniff(data).map(ImageFormat::mimeType);
      if (contentType.isEmpty()) {
        fail(index, file.path(), "not an image (no JPEG, PNG, GIF, BMP, WebP or TIFF signature)");
        return Optional.empty();
      }
      String id = options.idStrategy().idFor(file, data);
      Path earlier = sentIds.putIfAbsent(id, file.path());
      if (earlier != null) {
        duplicate(index, file, id, earlier);
        return Optional.empty();
      }
      try {
        return Optional.of(new ImageUpload(id, data, contentType.get(), file.relativePath(),
            options.metadata(), System.currentTimeMillis()));
      } catch (IllegalArgumentException e) {
        fail(index, file.path(), e.getMessage());
        return Optional.empty();
      }
    }

    private void duplicate(int index, ImageFile file, String id, Path earlier) {
      if (options.idStrategy() == IdStrategy.SHA256) {
        // Same content, same key: sending it again would only replace the record with itself.
        skipped.incrementAndGet();
        listener.skipped(file, "same content as " + earlier);
      } else {
        // Two different files would silently overwrite each other under one key.
        fail(index, file.path(), "id '" + id + "' is already used by " + earlier
            + " in this run; ingest the folders separately or use --id sha256");
      }
    }

    void fail(int index, Path path, String reason) {
      failures.put(index, new IngestFailure(path, reason));
      listener.failed(path, reason);
    }

    void awaitAll() {
      // Every send holds a slot until it completes: owning all slots means nothing is in flight.
      slots.acquireUninterruptibly(options.maxInFlight());
      slots.release(options.maxInFlight());
    }
  }

  private static String describe(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof IllegalArgumentException && e.getMessage() != null) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
