package dev.likeness.ingest;

import java.nio.file.Path;

/**
 * A file that was not published.
 *
 * @param path the file (or argument) as given
 * @param reason why, for the user
 */
public record IngestFailure(Path path, String reason) {
  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
