package dev.likeness.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.core.match.MatchHit;
import dev.likeness.core.match.MatchPath;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutRoundTest {
  private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
  private static final HostInfo PEER = new HostInfo("127.0.0.1", 2);
  private static final HostInfo OTHER = new HostInfo("127.0.0.1", 3);

  private final Vertx vertx = Vertx.vertx();
  // Every call made, per host, in order; each waits until the test answers it.
  private final Map<HostInfo, List<Promise<PartitionAnswers>>> calls = new ConcurrentHashMap<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static SearchHit hit(String id, int score) {
    return new SearchHit(MatchHit.builder(id, MatchPath.WHOLE, score).build(), null);
  }

  private Future<PartitionAnswers> call(HostInfo host, Set<Integer> partitions) {
    Promise<PartitionAnswers> p = Promise.promise();
    calls.computeIfAbsent(host, h -> new CopyOnWriteArrayList<>()).add(p);
    return p.future();
  }

  /** The {@code n}th call (1-based) made to {@code host}, once it is made. */
  private Promise<PartitionAnswers> call(HostInfo host, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (calls.getOrDefault(host, List.of()).size() < n) {
      assertThat(System.nanoTime()).as("call %d to %s made", n, host).isLessThan(deadline);
      Thread.onSpinWait();
    }
    return calls.get(host).get(n - 1);
  }

  private static FanOutAnswers await(Future<FanOutAnswers> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aPeerThatDoesNotAnswerIsHedgedOnTheStandbyHere() throws Exception {
    IndexPlacement placement =
        new IndexPlacement(Map.of(0, PEER, 1, SELF), Map.of(0, List.of(SELF), 1, List.of(PEER)));
    FanOutRound round = new FanOutRound(vertx, this::call, placement, SELF, () -> 20);
    round.ask(PEER, 0);
    round.ask(SELF, 1);
    Future<FanOutAnswers> done = round.run();
    call(SELF, 1)
        .complete(new PartitionAnswers(List.of(hit("b", 3)), Set.of(1), Map.of(), Map.of()));
    // The peer never answers: the hedge asks this instance for partition 0, stale.
    call(SELF, 2)
        .complete(new PartitionAnswers(List.of(hit("a", 1)), Set.of(), Map.of(0, 4L), Map.of()));

    FanOutAnswers answers = await(done);
    assertThat(answers.failed).isEmpty();
    assertThat(answers.fresh).containsExactly(1);
    assertThat(answers.stale).containsExactlyEntriesOf(Map.of(0, 4L));
    assertThat(answers.result(10).hits()).extracting(SearchHit::id).containsExactly("a", "b");
  }

  @Test
  void withoutAnotherCopyTheRoundWaitsForThePeer() throws Exception {
    IndexPlacement placement = new IndexPlacement(Map.of(0, PEER), Map.of());
    FanOutRound round = new FanOutRound(vertx, this::call, placement, SELF, () -> 1);
    round.ask(PEER, 0);
    Future<FanOutAnswers> done = round.run();
    call(PEER, 1).fail(new IndexUnavailableException("timed out"));
    FanOutAnswers answers = await(done);
    assertThat(answers.failed).containsOnlyKeys(0);
    assertThat(answers.failed.get(0)).contains("timed out");
    assertThat(calls).containsOnlyKeys(PEER);
  }

  @Test
  void aFreshAnswerWinsOverAStaleOneAndEachImageIsCountedOnce() throws Exception {
    IndexPlacement placement = new IndexPlacement(Map.of(0, PEER), Map.of(0, List.of(OTHER)));
    FanOutRound round = new FanOutRound(vertx, this::call, placement, SELF, () -> 10);
    round.ask(PEER, 0);
    Future<FanOutAnswers> done = round.run();
    Promise<PartitionAnswers> hedge = call(OTHER, 1);
    FanOutAnswers answers = new FanOutAnswers();
    answers.add(
        OTHER, new PartitionAnswers(List.of(hit("a", 2)), Set.of(), Map.of(0, 1L), Map.of()));
    answers.add(PEER, new PartitionAnswers(List.of(hit("a", 2)), Set.of(0), Map.of(), Map.of()));
    assertThat(answers.stale).isEmpty();
    assertThat(answers.result(10).hits()).extracting(SearchHit::id).containsExactly("a");
    // Whichever copy answers first ends the round.
    hedge.complete(new PartitionAnswers(List.of(hit("a", 2)), Set.of(), Map.of(0, 1L), Map.of()));
    assertThat(await(done).stale).containsOnlyKeys(0);
  }
}
