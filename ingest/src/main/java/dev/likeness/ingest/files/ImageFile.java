package dev.likeness.ingest.files;

import java.nio.file.Path;

/**
 * A file chosen for ingestion.
 *
 * @param path where to read it
 * @param relativePath its path relative to the folder argument with {@code /} separators, or its
 *     file name when it was given directly; the {@link IdStrategy#PATH} id and the source header
 */
public record ImageFile(Path path, String relativePath) {}
