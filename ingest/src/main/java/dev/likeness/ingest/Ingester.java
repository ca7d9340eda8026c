package dev.likeness.ingest;

import dev.likeness.contract.image.ImageFormat;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.contract.record.PublishResult;
import dev.likeness.ingest.files.FileProblem;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.files.ImageFile;
import dev.likeness.ingest.files.ImageFiles;
import dev.likeness.ingest.publish.BrokerWatch;
import dev.likeness.ingest.publish.ImagePublisher;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RetriableException;
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
 *
 * <p>Sending pauses while a {@link BrokerWatch} finds Kafka unreachable, since every send would
 * otherwise block for the producer's {@code max.block.ms} in turn; records already in the producer
 * wait there and are retried by it (idempotently) once Kafka is back. When the outage outlasts the
 * watch's patience the run stops: the files not acknowledged by then are reported as not sent.
 */
public final class Ingester {
  private static final Logger log = LoggerFactory.getLogger(Ingester.class);

  /** Image bytes allowed in flight at once, unless a single image is larger. */
  private static final int BYTES_IN_FLIGHT = 64 * 1024 * 1024;

  /** Tries of one image that send() refuses at once for want of metadata or buffer space. */
  private static final int SEND_ATTEMPTS = 3;

  /** How often a wait for room in flight looks at the broker's state. */
  private static final long CHECK_MS = 200;

  /**
   * Walks {@code paths}, publishes every image found and waits for all acknowledgements, stopping
   * if Kafka is unreachable for longer than {@link IngestOptions#brokerTimeout()}.
   */
  public IngestReport ingest(
      List<Path> paths,
      IngestOptions options,
      ImagePublisher publisher,
      ProgressListener listener) {
    try (BrokerWatch watch =
        BrokerWatch.start(publisher.bootstrapServers(), options.brokerTimeout())) {
      return ingest(paths, options, publisher, watch, listener);
    }
  }

  /**
   * As {@link #ingest(List, IngestOptions, ImagePublisher, ProgressListener)}, with a watch of the
   * publisher's cluster that the caller owns; its patience bounds the outages waited out.
   */
  public IngestReport ingest(
      List<Path> paths,
      IngestOptions options,
      ImagePublisher publisher,
      BrokerWatch watch,
      ProgressListener listener) {
    long start = System.nanoTime();
    ImageFiles.Found found = ImageFiles.find(paths);
    Run run = new Run(options, publisher, watch, listener);
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
    IngestReport report =
        new IngestReport(
            run.published.get(),
            run.skipped.get(),
            new ArrayList<>(run.failures.values()),
            new ArrayList<>(run.notSent.values()),
            run.stopReason,
            run.bytes.get(),
            Duration.ofNanos(System.nanoTime() - start));
    log.debug("ingest finished: {}", report.summaryLine());
    listener.finished(report);
    return report;
  }

  /** The state of one call, shared with the producer's callback thread. */
  private static final class Run {
    final IngestOptions options;
    final ImagePublisher publisher;
    final BrokerWatch watch;
    final ProgressListener listener;
    final Semaphore slots;
    final int byteBudget;
    final Semaphore bytesInFlight;

    /** Keyed by discovery order so the report lists failures as the files were found. */
    final ConcurrentSkipListMap<Integer, IngestFailure> failures = new ConcurrentSkipListMap<>();

    /** Files given up on when the run stopped, by discovery order. */
    final ConcurrentSkipListMap<Integer, Path> notSent = new ConcurrentSkipListMap<>();

    /** Files sent and not yet acknowledged: whoever removes one (callback or stop) reports it. */
    final ConcurrentHashMap<Integer, Path> unacknowledged = new ConcurrentHashMap<>();

    final AtomicInteger published = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();

    /** Ids sent in this run, to catch two files mapping to one key (caller thread only). */
    final Map<String, Path> sentIds = new HashMap<>();

    /** Why the run stopped early; empty while it goes on (caller thread only). */
    String stopReason = "";

    Run(
        IngestOptions options,
        ImagePublisher publisher,
        BrokerWatch watch,
        ProgressListener listener) {
      this.options = options;
      this.publisher = publisher;
      this.watch = watch;
      this.listener = listener;
      this.slots = new Semaphore(options.maxInFlight());
      this.byteBudget = Math.max(BYTES_IN_FLIGHT, options.maxImageBytes());
      this.bytesInFlight = new Semaphore(byteBudget);
    }

    void submit(int index, ImageFile file) {
      if (!stopReason.isEmpty()) {
        notSent.put(index, file.path());
        return;
      }
      Optional<ImageUpload> upload = prepare(index, file);
      if (upload.isEmpty()) {
        return;
      }
      int size = upload.get().bytes().length;
      for (int attempt = 1; ; attempt++) {
        if (!reserve(size)) {
          notSent.put(index, file.path());
          return;
        }
        unacknowledged.put(index, file.path());
        CompletableFuture<PublishResult> sent = publisher.publish(upload.get());
        if (attempt < SEND_ATTEMPTS && refusedForNow(sent)) {
          // Refused by send() itself, so it never entered the producer: sending it again once
          // Kafka answers cannot duplicate it.
          log.debug("{} refused for now, trying again", file.path());
          unacknowledged.remove(index);
          release(size);
          continue;
        }
        sent.whenComplete((result, error) -> completed(index, file, size, result, error));
        return;
      }
    }

    private void completed(
        int index, ImageFile file, int size, PublishResult result, Throwable error) {
      try {
        if (unacknowledged.remove(index) == null) {
          return; // the run stopped and reported it as not sent
        }
        if (error == null) {
          published.incrementAndGet();
          bytes.addAndGet(size);
          listener.published(file, result, size);
        } else {
          fail(index, file.path(), describe(error));
        }
      } finally {
        // Released last: awaitAll() reads the counters as soon as it owns every slot.
        release(size);
      }
    }

    /** Waits for Kafka and for room in flight; false if the run stopped instead. */
    private boolean reserve(int size) {
      if (!awaitBroker()) {
        return false;
      }
      while (!tryAcquire(slots, 1)) {
        if (!awaitBroker()) {
          return false;
        }
      }
      while (!tryAcquire(bytesInFlight, size)) {
        if (!awaitBroker()) {
          slots.release();
          return false;
        }
      }
      return true;
    }

    private void release(int size) {
      bytesInFlight.release(size);
      slots.release();
    }

    /** True once Kafka answers; false, with the run stopped, if it stays away too long. */
    private boolean awaitBroker() {
      if (!stopReason.isEmpty()) {
        return false;
      }
      if (watch.awaitReachable()) {
        return true;
      }
      stop(
          Thread.currentThread().isInterrupted()
              ? "interrupted"
              : watch
                  .refusal()
                  .orElseGet(
                      () ->
                          "Kafka at "
                              + watch.bootstrapServers()
                              + " was unreachable for longer than "
                              + seconds(watch.patience())));
      return false;
    }

    private boolean tryAcquire(Semaphore semaphore, int permits) {
      try {
        return semaphore.tryAcquire(permits, CHECK_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop("interrupted");
        return false;
      }
    }

    /** Gives up on every unacknowledged image; the rest of the walk is reported unsent. */
    private void stop(String reason) {
      if (!stopReason.isEmpty()) {
        return;
      }
      stopReason = reason;
      for (Integer index : List.copyOf(unacknowledged.keySet())) {
        Path path = unacknowledged.remove(index);
        if (path != null) {
          notSent.put(index, path);
        }
      }
      log.debug("ingest stopped: {}; {} sent images not acknowledged", reason, notSent.size());
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
        return Optional.of(
            new ImageUpload(
                id,
                data,
                contentType.get(),
                file.relativePath(),
                options.metadata(),
                System.currentTimeMillis()));
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
        fail(
            index,
            file.path(),
            "id '"
                + id
                + "' is already used by "
                + earlier
                + " in this run; ingest the folders separately or use --id sha256");
      }
    }

    void fail(int index, Path path, String reason) {
      failures.put(index, new IngestFailure(path, reason));
      listener.failed(path, reason);
    }

    /** Waits until nothing is in flight, or until the run stops because Kafka stayed away. */
    void awaitAll() {
      // Every send holds a slot until it completes: owning all slots means nothing is in flight.
      int all = options.maxInFlight();
      while (!tryAcquire(slots, all)) {
        if (!awaitBroker()) {
          return;
        }
      }
      slots.release(all);
    }
  }

  /**
   * Whether send() refused a record before buffering it, for a reason that may pass (no metadata or
   * buffer space within {@code max.block.ms}): the producer then fails the future before publish()
   * returns, whereas a buffered record fails only after its delivery timeout.
   */
  private static boolean refusedForNow(CompletableFuture<PublishResult> sent) {
    if (!sent.isCompletedExceptionally()) {
      return false;
    }
    try {
      sent.join();
      return false;
    } catch (CompletionException | CancellationException e) {
      return e.getCause() instanceof RetriableException;
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
