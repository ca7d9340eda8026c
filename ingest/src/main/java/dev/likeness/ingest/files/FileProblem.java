package dev.likeness.ingest.files;

import java.nio.file.Path;

/**
 * A path that could not be walked or read.
 *
 * @param path the path
 * @param reason what went wrong, for the user
 */
public record FileProblem(Path path, String reason) {}
