package dev.likeness.ingest;

import dev.likeness.contract.record.PublishResult;
import dev.likeness.ingest.files.ImageFile;
import java.nio.file.Path;

/**
 * Hears about an ingest run as it goes. Calls may come from the producer's I/O thread, so
 * implementations must be thread-safe and quick.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** The walk is done; {@code images} files will be tried. */
  default void started(int images) {}

  /** Kafka acknowledged an image. */
  default void published(ImageFile file, PublishResult result, long bytes) {}

  /** A file or argument failed; {@code reason} is for the user. */
  default void failed(Path path, String reason) {}

  /** A file was left out as a duplicate of one already sent. */
  default void skipped(ImageFile file, String reason) {}

  /** Every send is acknowledged or failed. */
  default void finished(IngestReport report) {}
}
