package dev.likeness.api.search;

/** The instance that holds an id's partition has no image with that id. */
public final class NoSuchImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoSuchImageException(String id) {
    super("no indexed image with id '" + id + "'", null, false, false);
  }
}
