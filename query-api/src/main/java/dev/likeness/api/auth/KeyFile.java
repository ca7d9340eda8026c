package dev.likeness.api.auth;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key file ({@code --api-keys}) kept loaded: a Vert.x timer rereads it every {@link
 * #DEFAULT_RELOAD_INTERVAL} and swaps the keys in when its content changed, so keys are added or
 * revoked without a restart. Comparing content rather than the modification time also catches two
 * edits within the file system's timestamp resolution. A file that no longer parses (or is gone)
 * keeps the keys last loaded, with an error in the log: a half-written edit locks nobody out and
 * opens nothing.
 */
public final class KeyFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyFile.class);

  /** How often the file is looked at. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(2);

  private final Path path;
  private volatile ApiKeys keys;
  private volatile byte[] loaded;
  private Vertx vertx;
  private long timer = -1;

  private KeyFile(Path path, byte[] content, ApiKeys keys) {
    this.path = path;
    this.loaded = content;
    this.keys = keys;
  }

  /**
   * Reads and parses {@code path}.
   *
   * @throws IllegalArgumentException if it is missing or a line is bad, saying how to fix it
   */
  public static KeyFile load(Path path) {
    byte[] content = read(path);
    return new KeyFile(path, content, parse(path, content));
  }

  /** The keys as last loaded. */
  public ApiKeys keys() {
    return keys;
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** Starts rereading the file every {@code interval} on {@code vertx}'s worker threads. */
  public synchronized KeyFile watch(Vertx vertx, Duration interval) {
    this.vertx = vertx;
    timer =
        vertx.setPeriodic(
            interval.toMillis(),
            id ->
                vertx.executeBlocking(this::reloadIfChanged, false).onFailure(this::reloadFailed));
    return this;
  }

  /**
   * Rereads the file; swaps the keys in if its content changed and parses. @return whether it did
   */
  public boolean reloadIfChanged() {
    byte[] content = read(path);
    if (Arrays.equals(content, loaded)) {
      return false;
    }
    ApiKeys fresh = parse(path, content);
    keys = fresh;
    loaded = content;
    log.info("Reloaded {}: {} key(s) {}", path, fresh.size(), fresh.names());
    return true;
  }

  private void reloadFailed(Throwable e) {
    log.error(
        "Key file {} not reloaded, still using the {} key(s) loaded before: {}",
        path,
        keys.size(),
        e.getMessage());
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "no key file "
              + path.toAbsolutePath()
              + ": make one with `likeness keys add NAME --scopes search,write --file "
              + path
              + "`");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + path + ": " + e.getMessage(), e);
    }
  }

  private static ApiKeys parse(Path path, byte[] content) {
    List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
    try {
      return ApiKeys.parse(lines);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key file " + path + ", " + e.getMessage(), e);
    }
  }

  /** Stops watching. */
  @Override
  public synchronized void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
