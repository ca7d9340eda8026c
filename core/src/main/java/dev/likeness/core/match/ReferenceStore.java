package dev.likeness.core.match;

/**
 * Where verification fetches an indexed image's {@link Reference} (in production: the feature
 * store's record; in tests and the harness: a map).
 */
@FunctionalInterface
public interface ReferenceStore {
  /** The reference of {@code id}, or null when it is no longer indexed. */
  Reference reference(String id);
}
