package dev.likeness.api.search;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.IndexedImageQuery;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.QueryCodec;
import dev.likeness.indexer.topology.ImageTopology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers searches across every instance of the application. Each partition of the index is asked
 * of its active instance (this one without HTTP); a partition whose instance fails or cannot answer
 * is asked again of an instance with a standby copy, and the answer says it is stale. Only a
 * partition no copy answered makes the answer partial; one instance failing never fails the whole
 * search.
 */
public final class FanOutSearch {
  private static final Logger log = LoggerFactory.getLogger(FanOutSearch.class);

  // A peer that failed is passed over for its standbys this long, then tried again.
  private static final long SUSPECT_NANOS = 2_000_000_000L;
  // How long a search keeps asking for partitions no copy answered, and the pause between asks.
  private static final long RETRY_NANOS = 1_500_000_000L;
  private static final long RETRY_PAUSE_MS = 100;
  // A floor under the hedge delay: below it a second call costs more than the wait it saves.
  private static final long MIN_HEDGE_MS = 25;

  private final Vertx vertx;
  private final KafkaStreams streams;
  private final LocalIndex local;
  private final PeerClient peers;
  private final HostInfo self;
  private final WorkerExecutor searchPool;
  // Why the latest call to each peer failed; removed when a call succeeds.
  private final Map<HostInfo, String> failedPeers = new ConcurrentHashMap<>();
  private final Map<HostInfo, Long> suspectedUntil = new ConcurrentHashMap<>();
  private final HedgeDelay hedgeDelay;

  /**
   * Fans out from the instance advertised as {@code self}; local searches (this node's and its
   * peers') run on a pool of {@code searchThreads}.
   */
  public FanOutSearch(
      Vertx vertx, KafkaStreams streams, PeerClient peers, HostInfo self, int searchThreads) {
    this.vertx = vertx;
    // Not Vert.x's shared worker pool (20 threads): with more runnable searches than cores, the
    // kernel time-slices them and each one refills the caches the others evicted. Measured at 10M
    // with 16 clients on 2 cores: 2 threads cut the CPU per search by a fifth (bench/README.md).
    // Named after the node, so thread dumps of several nodes in one JVM (tests) tell them apart.
    this.searchPool =
        vertx.createSharedWorkerExecutor("likeness-search@" + self.port(), searchThreads);
    this.streams = streams;
    this.local = new LocalIndex(streams);
    this.peers = peers;
    this.self = self;
    // Never later than half the peer timeout, so that the other copy can still answer in time.
    this.hedgeDelay = new HedgeDelay(MIN_HEDGE_MS, Math.max(MIN_HEDGE_MS, peers.timeoutMs() / 2));
  }

  /** The local partitions of the index. */
  public LocalIndex local() {
    return local;
  }

  /** Searches every partition; the returned future never fails because one instance did. */
  public Future<SearchResult> search(MatchFeatures query, int k, int threshold) {
    IndexPlacement placement;
    try {
      placement =
          IndexPlacement.of(metadata(() -> streams.streamsMetadataForStore(ImageTopology.STORE)));
    } catch (IndexUnavailableException e) {
      return Future.failedFuture(e);
    }
    if (placement.partitions().isEmpty()) {
      // Metadata not known yet (starting up): answer from whatever is local.
      return searchLocally(query, k, threshold)
          .transform(
              r ->
                  Future.succeededFuture(
                      r.succeeded()
                          ? new SearchResult(r.result(), false, Set.of(), List.of(), Map.of())
                          : new SearchResult(
                              List.of(),
                              true,
                              Set.of(),
                              List.of("local: " + r.cause().getMessage()),
                              Map.of())));
    }
    FanOutRound first = round(query, k, threshold, placement);
    for (int p : placement.partitions()) {
      List<HostInfo> candidates = placement.candidates(p, Set.of());
      // A peer that just failed is passed over while another copy exists.
      HostInfo host =
          candidates.stream().filter(h -> !suspected(h)).findFirst().orElse(candidates.get(0));
      first.ask(host, p);
    }
    long deadline = System.nanoTime() + RETRY_NANOS;
    return first.run().compose(answered -> retryFailed(answered, query, k, threshold, 1, deadline));
  }

  /**
   * Asks other copies of the partitions the rounds so far could not search. While a copy changes
   * hands (a standby promoted, a task moving during a rebalance) no instance may have the partition
   * for a moment: such partitions are asked again, after a short pause and with fresh metadata,
   * until {@code deadline}.
   */
  private Future<SearchResult> retryFailed(
      FanOutAnswers sofar, MatchFeatures query, int k, int threshold, int round, long deadline) {
    // The other copies are asked once even past the deadline: a first round can use it all up
    // waiting for a peer that then fails.
    if (sofar.failed.isEmpty() || (round > 1 && System.nanoTime() - deadline > 0)) {
      return Future.succeededFuture(sofar.result(k));
    }
    IndexPlacement placement;
    try {
      placement =
          IndexPlacement.of(metadata(() -> streams.streamsMetadataForStore(ImageTopology.STORE)));
    } catch (IndexUnavailableException e) {
      return Future.succeededFuture(sofar.result(k));
    }
    FanOutRound next = round(query, k, threshold, placement);
    for (int p : sofar.failed.keySet()) {
      // The second round asks the copies not asked yet; later ones ask every copy again.
      List<HostInfo> others =
          placement.candidates(p, round == 1 ? sofar.tried.getOrDefault(p, Set.of()) : Set.of());
      // This instance first: its copy costs no network.
      HostInfo host = others.contains(self) ? self : others.isEmpty() ? null : others.get(0);
      if (host != null) {
        next.ask(host, p);
      }
    }
    Future<FanOutAnswers> asked =
        next.isEmpty() || round > 1
            ? vertx.timer(RETRY_PAUSE_MS).compose(t -> next.run())
            : next.run();
    return asked.compose(
        again -> retryFailed(sofar.merge(again), query, k, threshold, round + 1, deadline));
  }

  /** A round of calls; slow peer calls are hedged on other copies in {@code placement}. */
  private FanOutRound round(MatchFeatures query, int k, int threshold, IndexPlacement placement) {
    byte[][] encoded = {null};
    return new FanOutRound(
        vertx,
        (host, partitions) -> {
          if (host.equals(self)) {
            return searchPool.executeBlocking(
                () -> local.search(query, k, threshold, partitions, true), false);
          }
          encoded[0] = encoded[0] != null ? encoded[0] : QueryCodec.encode(query);
          return watched(host, peers.search(host, encoded[0], k, threshold, partitions, true));
        },
        placement,
        self,
        hedgeDelay::millis);
  }

  /** Searches only this instance's active partitions, off the event loop. */
  public Future<List<SearchHit>> searchLocally(MatchFeatures query, int k, int threshold) {
    return searchPool.executeBlocking(() -> local.search(query, k, threshold), false);
  }

  /**
   * Searches the given partitions of this instance, from stale copies too if {@code stale}, off the
   * event loop.
   */
  public Future<PartitionAnswers> searchLocally(
      MatchFeatures query, int k, int threshold, Collection<Integer> partitions, boolean stale) {
    return searchPool.executeBlocking(
        () -> local.search(query, k, threshold, partitions, stale), false);
  }

  /**
   * Where the key {@code id} lives: its partition (-1 if not known yet), its active instance and
   * the instances with a standby copy.
   *
   * @param partition the key's partition, or -1 while the metadata is not known
   * @param active its active instance, or null when that is this one or not known
   * @param standbys other instances with a standby copy
   * @param standbyHere whether this instance has a standby copy
   */
  public record KeyHosts(
      int partition, HostInfo active, List<HostInfo> standbys, boolean standbyHere) {}

  /** Where the key {@code id} lives. */
  public KeyHosts keyHosts(String id) {
    KeyQueryMetadata meta =
        metadata(
            () -> streams.queryMetadataForKey(ImageTopology.STORE, id, new StringSerializer()));
    if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return new KeyHosts(-1, null, List.of(), false);
    }
    boolean here = meta.activeHost() == null || meta.activeHost().equals(self);
    List<HostInfo> standbys = meta.standbyHosts().stream().filter(h -> !h.equals(self)).toList();
    return new KeyHosts(
        meta.partition(),
        here ? null : meta.activeHost(),
        standbys,
        meta.standbyHosts().contains(self));
  }

  /**
   * The record of {@code id} from whichever instance hosts its partition: the active copy, else,
   * when that one cannot answer, a standby copy.
   */
  public Future<Optional<FeatureRecord>> record(String id) {
    KeyHosts key;
    try {
      key = keyHosts(id);
    } catch (IndexUnavailableException e) {
      return Future.failedFuture(e);
    }
    Future<Optional<FeatureRecord>> active =
        key.active() == null
            ? vertx.executeBlocking(() -> recordHere(id, key.partition(), true), false)
            : watched(key.active(), peers.record(key.active(), id, false));
    return active.recover(
        e -> {
          if (!(e instanceof IndexUnavailableException)) {
            return Future.failedFuture(e);
          }
          Future<Optional<FeatureRecord>> next = Future.failedFuture(e);
          if (key.standbyHere()) {
            next =
                next.recover(
                    x -> vertx.executeBlocking(() -> recordHere(id, key.partition(), true), false));
          }
          for (HostInfo standby : key.standbys()) {
            next =
                next.recover(
                    x ->
                        x instanceof IndexUnavailableException
                            ? watched(standby, peers.record(standby, id, true))
                            : Future.failedFuture(x));
          }
          return next;
        });
  }

  /**
   * The record of {@code id} from this instance's copy of {@code partition} (a standby or restoring
   * one too if {@code stale}); empty if the running active copy does not hold it. Blocks.
   *
   * @throws IndexUnavailableException if no copy here can answer, or a stale one does not hold it
   */
  public Optional<FeatureRecord> recordHere(String id, int partition, boolean stale) {
    return present(id, partition, local.get(id, partition, stale)).record();
  }

  // A stale copy may not have an image yet, so it cannot say that the image is not indexed.
  private static LocalIndex.StaleRead present(String id, int partition, LocalIndex.StaleRead read) {
    if (read.stale() && read.record().isEmpty()) {
      throw new IndexUnavailableException(
          "the copy of partition "
              + partition
              + " here is a standby or still restoring"
              + (read.lag() > 0 ? " (" + read.lag() + " records behind)" : "")
              + " and does not hold '"
              + id
              + "' yet");
    }
    return read;
  }

  /**
   * The query features of the indexed image {@code id} read from this instance's copy of {@code
   * partition} (empty if the running active copy does not hold it), with how stale the copy was. A
   * stale copy that does not hold it fails with {@link IndexUnavailableException}: it may not have
   * it yet, so it cannot say the image is not indexed. A record is read and turned into a query in
   * one task on the search pool: the request then waits for one pool.
   */
  public Future<Optional<LocalQuery>> localQuery(String id, int partition, boolean stale) {
    return searchPool.executeBlocking(
        () -> {
          LocalIndex.StaleRead read = present(id, partition, local.get(id, partition, stale));
          return read.record()
              .map(
                  r ->
                      new LocalQuery(IndexedImageQuery.of(r), partition, read.stale(), read.lag()));
        },
        false);
  }

  /**
   * The query of a search by id, read from a local copy.
   *
   * @param features the indexed image's query features
   * @param partition the partition it was read from
   * @param stale whether that copy was a standby or restoring one
   * @param lag how far behind that copy was (offsets; -1 unknown)
   */
  public record LocalQuery(MatchFeatures features, int partition, boolean stale, long lag) {}

  /**
   * Where each partition of the index lives now; throws {@link IndexUnavailableException} while the
   * stream is not running.
   */
  public IndexPlacement placement() {
    return IndexPlacement.of(metadata(() -> streams.streamsMetadataForStore(ImageTopology.STORE)));
  }

  /** How long a call to a peer may go unanswered before another copy is asked too. */
  public long hedgeDelayMs() {
    return hedgeDelay.millis();
  }

  /** Whether {@code host} is this instance. */
  public boolean isSelf(HostInfo host) {
    return self.equals(host);
  }

  /** Whether a call to {@code host} failed lately: another copy is asked first then. */
  public boolean isSuspected(HostInfo host) {
    return suspected(host);
  }

  /** The peer client, for requests relayed to the instance that holds a key. */
  public PeerClient peers() {
    return peers;
  }

  /** Notes the outcome of a call to {@code peer} (for {@link #missingPartitions}). */
  public <T> Future<T> watched(HostInfo peer, Future<T> call) {
    long start = System.nanoTime();
    return call.andThen(
        r -> {
          if (r.succeeded()) {
            hedgeDelay.answeredAfter((System.nanoTime() - start) / 1_000_000);
            failedPeers.remove(peer);
            suspectedUntil.remove(peer);
          } else if (r.cause() instanceof IndexUnavailableException) {
            failedPeers.put(
                peer,
                peer.host() + ":" + peer.port() + " did not answer: " + r.cause().getMessage());
            suspectedUntil.put(peer, System.nanoTime() + SUSPECT_NANOS);
          }
        });
  }

  private boolean suspected(HostInfo host) {
    Long until = suspectedUntil.get(host);
    return until != null && until - System.nanoTime() > 0;
  }

  /**
   * The partitions of {@code partitions} (of the images topic) that a search from this node would
   * miss now, each with the reason: no instance hosts it, the latest call to its instance failed,
   * or its store on this instance does not answer.
   */
  public Map<Integer, String> missingPartitions(Collection<Integer> partitions) {
    Map<Integer, String> missing = new TreeMap<>();
    Collection<StreamsMetadata> hosts;
    try {
      hosts = metadata(() -> streams.metadataForAllStreamsClients());
    } catch (IndexUnavailableException e) {
      partitions.forEach(p -> missing.put(p, "no Streams metadata"));
      return missing;
    }
    Set<Integer> hosted = new TreeSet<>();
    for (StreamsMetadata host : hosts) {
      String failure = host.hostInfo().equals(self) ? null : failedPeers.get(host.hostInfo());
      // The topology's only source is the images topic, so every partition here is one of it.
      for (TopicPartition tp : host.topicPartitions()) {
        hosted.add(tp.partition());
        if (failure != null) {
          missing.put(tp.partition(), failure);
        }
      }
    }
    partitions.stream()
        .filter(p -> !hosted.contains(p))
        .forEach(p -> missing.put(p, "no instance hosts it"));
    Set<Integer> localActive = new TreeSet<>();
    try {
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        thread.activeTasks().forEach(t -> localActive.add(t.taskId().partition()));
      }
    } catch (RuntimeException e) {
      log.debug("No local thread metadata: {}", e.toString());
    }
    local
        .unqueryable(localActive)
        .forEach(p -> missing.put(p, "its store on this instance does not answer queries"));
    return missing;
  }

  // Streams metadata is not there while the stream starts or after it stopped: a transient state.
  private static <T> T metadata(Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidStateStoreException | IllegalStateException e) {
      throw new IndexUnavailableException(
          "this instance's stream is not running: " + e.getMessage());
    }
  }
}
