package dev.likeness.api.search;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.Topics;
import dev.likeness.core.match.IndexedImageQuery;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.QueryCodec;
import dev.likeness.indexer.topology.ImageTopology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
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
 * Answers searches across every instance of the application: the query's hashes go to each instance
 * hosting part of the feature index (this one without HTTP), and the top-k are merged. An instance
 * that fails makes the answer partial; it never fails the whole search.
 */
public final class FanOutSearch {
  private static final Logger log = LoggerFactory.getLogger(FanOutSearch.class);

  private final Vertx vertx;
  private final KafkaStreams streams;
  private final LocalIndex local;
  private final PeerClient peers;
  private final HostInfo self;
  private final WorkerExecutor searchPool;
  // Why the latest call to each peer failed; removed when a call succeeds.
  private final Map<HostInfo, String> failedPeers = new ConcurrentHashMap<>();

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
  }

  /** The local partitions of the index. */
  public LocalIndex local() {
    return local;
  }

  /** Searches every instance; the returned future never fails because one instance did. */
  public Future<SearchResult> search(MatchFeatures query, int k, int threshold) {
    byte[] encoded = null;
    Collection<StreamsMetadata> hosts;
    try {
      hosts = metadata(() -> streams.streamsMetadataForStore(ImageTopology.STORE));
    } catch (IndexUnavailableException e) {
      return Future.failedFuture(e);
    }
    List<Future<List<SearchHit>>> calls = new ArrayList<>();
    List<StreamsMetadata> asked = new ArrayList<>();
    for (StreamsMetadata host : hosts) {
      asked.add(host);
      if (host.hostInfo().equals(self)) {
        calls.add(searchLocally(query, k, threshold));
      } else {
        encoded = encoded != null ? encoded : QueryCodec.encode(query);
        calls.add(watched(host.hostInfo(), peers.search(host.hostInfo(), encoded, k, threshold)));
      }
    }
    if (hosts.isEmpty()) {
      // Metadata not known yet (starting up): answer from whatever is local.
      asked.add(null);
      calls.add(searchLocally(query, k, threshold));
    }
    return Future.join(calls)
        .transform(
            ignored -> {
              List<SearchHit> merged = new ArrayList<>();
              Set<Integer> missing = new TreeSet<>();
              List<String> failures = new ArrayList<>();
              for (int i = 0; i < calls.size(); i++) {
                Future<List<SearchHit>> call = calls.get(i);
                StreamsMetadata host = asked.get(i);
                if (call.succeeded()) {
                  merged.addAll(call.result());
                } else {
                  String who =
                      host == null
                          ? "local"
                          : host.hostInfo().host() + ":" + host.hostInfo().port();
                  failures.add(who + ": " + call.cause().getMessage());
                  if (host != null) {
                    for (TopicPartition tp : host.topicPartitions()) {
                      if (tp.topic().equals(Topics.IMAGES)) {
                        missing.add(tp.partition());
                      }
                    }
                  }
                  log.warn("Search on {} failed: {}", who, call.cause().toString());
                }
              }
              merged.sort(SearchHit::compare);
              List<SearchHit> top =
                  merged.size() > k ? new ArrayList<>(merged.subList(0, k)) : merged;
              return Future.succeededFuture(
                  new SearchResult(top, !failures.isEmpty(), missing, failures));
            });
  }

  /** Searches only this instance's partitions, off the event loop. */
  public Future<List<SearchHit>> searchLocally(MatchFeatures query, int k, int threshold) {
    return searchPool.executeBlocking(() -> local.search(query, k, threshold), false);
  }

  /** The record of {@code id} from whichever instance hosts its partition. */
  public Future<Optional<FeatureRecord>> record(String id) {
    KeyOwner owner;
    try {
      owner = ownerOf(id);
    } catch (IndexUnavailableException e) {
      return Future.failedFuture(e);
    }
    return owner.remote() == null
        ? vertx.executeBlocking(() -> local.get(id, owner.partition()), false)
        : watched(owner.remote(), peers.record(owner.remote(), id));
  }

  /**
   * The query features of the indexed image {@code id} (empty if there is none), from whichever
   * instance hosts it. A local record is read and turned into a query in one task on the search
   * pool: the request then waits for one pool, not for Vert.x's worker pool as well.
   */
  public Future<Optional<MatchFeatures>> indexedQuery(String id) {
    KeyOwner owner;
    try {
      owner = ownerOf(id);
    } catch (IndexUnavailableException e) {
      return Future.failedFuture(e);
    }
    HostInfo host = owner.remote();
    if (host == null) {
      return searchPool.executeBlocking(
          () -> local.get(id, owner.partition()).map(IndexedImageQuery::of), false);
    }
    return watched(host, peers.record(host, id))
        .compose(
            r ->
                r.isEmpty()
                    ? Future.succeededFuture(Optional.<MatchFeatures>empty())
                    : searchPool.executeBlocking(
                        () -> Optional.of(IndexedImageQuery.of(r.get())), false));
  }

  /**
   * The record of {@code id} if this instance holds it, read from its partition's store. Blocking.
   */
  public Optional<FeatureRecord> localRecord(String id) {
    return local.get(id, ownerOf(id).partition());
  }

  /**
   * Where {@code id} lives.
   *
   * @param remote the instance hosting its partition, or null if it is this one (or not known yet)
   * @param partition its partition, or -1 if not known yet
   */
  private record KeyOwner(HostInfo remote, int partition) {}

  private KeyOwner ownerOf(String id) {
    KeyQueryMetadata meta =
        metadata(
            () -> streams.queryMetadataForKey(ImageTopology.STORE, id, new StringSerializer()));
    if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return new KeyOwner(null, -1);
    }
    boolean here = meta.activeHost() == null || meta.activeHost().equals(self);
    return new KeyOwner(here ? null : meta.activeHost(), meta.partition());
  }

  /**
   * The partitions of {@code partitions} (of {@link Topics#IMAGES}) that a search from this node
   * would miss now, each with the reason: no instance hosts it, the latest call to its instance
   * failed, or its store on this instance does not answer.
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
      for (TopicPartition tp : host.topicPartitions()) {
        if (tp.topic().equals(Topics.IMAGES)) {
          hosted.add(tp.partition());
          if (failure != null) {
            missing.put(tp.partition(), failure);
          }
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

  /** Remembers whether {@code call} to {@code peer} failed, for {@link #missingPartitions}. */
  private <T> Future<T> watched(HostInfo peer, Future<T> call) {
    return call.andThen(
        r -> {
          if (r.succeeded()) {
            failedPeers.remove(peer);
          } else {
            failedPeers.put(
                peer,
                peer.host() + ":" + peer.port() + " did not answer: " + r.cause().getMessage());
          }
        });
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
