package dev.likeness.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HedgedCallTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<Promise<String>> backups = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Future<String> backup(Throwable why) {
    Promise<String> p = Promise.promise();
    backups.add(p);
    return p.future();
  }

  private Future<String> hedged(Future<String> first, long delayMs) {
    return HedgedCall.of(
        vertx, first, delayMs, e -> e instanceof IndexUnavailableException, this::backup);
  }

  private Promise<String> backupStarted() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (backups.isEmpty()) {
      assertThat(System.nanoTime()).as("backup started").isLessThan(deadline);
      Thread.onSpinWait();
    }
    return backups.get(0);
  }

  private static String await(Future<String> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFirstCallThatDoesNotAnswerIsServedByTheBackup() throws Exception {
    Promise<String> first = Promise.promise();
    Future<String> answer = hedged(first.future(), 10);
    backupStarted().complete("standby");
    assertThat(await(answer)).isEqualTo("standby");
    first.complete("active, late");
    assertThat(backups).hasSize(1);
  }

  @Test
  void aQuickAnswerStartsNoBackup() throws Exception {
    Future<String> answer = hedged(Future.succeededFuture("active"), 60_000);
    assertThat(await(answer)).isEqualTo("active");
    assertThat(backups).isEmpty();
  }

  @Test
  void aRecoverableFailureTurnsToTheBackupOnce() throws Exception {
    Promise<String> first = Promise.promise();
    Future<String> answer = hedged(first.future(), 10);
    Promise<String> backup = backupStarted();
    first.fail(new IndexUnavailableException("timed out"));
    backup.complete("standby");
    assertThat(await(answer)).isEqualTo("standby");
    assertThat(backups).as("the backup started by the delay is reused").hasSize(1);
  }

  @Test
  void aDefinitiveAnswerOfTheFirstCallIsBelieved() {
    Future<String> answer = hedged(Future.failedFuture(new NoSuchImageException("gone")), 60_000);
    assertThatThrownBy(() -> await(answer))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(NoSuchImageException.class);
    assertThat(backups).isEmpty();
  }

  @Test
  void aFailedBackupWaitsForTheFirstCall() throws Exception {
    Promise<String> first = Promise.promise();
    Future<String> answer = hedged(first.future(), 10);
    backupStarted().fail(new IndexUnavailableException("standby lacks it"));
    assertThat(answer.isComplete()).isFalse();
    first.complete("active");
    assertThat(await(answer)).isEqualTo("active");
  }
}
