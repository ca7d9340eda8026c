package dev.likeness.api.search;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A call with a backup: if the first call has not answered after a delay, or fails in a way the
 * backup can make good, the backup is started (once), and the first success serves.
 */
public final class HedgedCall {
  private HedgedCall() {}

  /**
   * Runs {@code first}; starts {@code backup} (given why) when {@code first} is still running after
   * {@code delayMs}, or when it fails with a cause {@code recoverable} accepts. A failure of {@code
   * first} that is not recoverable ends the call at once, unless the backup already succeeded.
   * While {@code first} runs, a failed backup is ignored; after it failed, the backup's outcome is
   * the answer.
   */
  public static <T> Future<T> of(
      Vertx vertx,
      Future<T> first,
      long delayMs,
      Predicate<Throwable> recoverable,
      Function<Throwable, Future<T>> backup) {
    Promise<T> answer = Promise.promise();
    AtomicReference<Future<T>> started = new AtomicReference<>();
    Function<Throwable, Future<T>> backupOnce =
        why -> {
          synchronized (started) {
            if (started.get() == null) {
              started.set(backup.apply(why));
            }
            return started.get();
          }
        };
    long timer =
        vertx.setTimer(
            Math.max(1, delayMs),
            t -> {
              if (!first.isComplete()) {
                backupOnce
                    .apply(new IndexUnavailableException("no answer after " + delayMs + " ms"))
                    .onSuccess(answer::tryComplete);
              }
            });
    first.onComplete(
        r -> {
          vertx.cancelTimer(timer);
          if (r.succeeded()) {
            answer.tryComplete(r.result());
          } else if (recoverable.test(r.cause())) {
            backupOnce
                .apply(r.cause())
                .onComplete(
                    b -> {
                      if (b.succeeded()) {
                        answer.tryComplete(b.result());
                      } else {
                        answer.tryFail(b.cause());
                      }
                    });
          } else {
            answer.tryFail(r.cause());
          }
        });
    return answer.future();
  }
}
