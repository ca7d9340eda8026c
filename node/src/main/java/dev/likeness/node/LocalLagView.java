package dev.likeness.node;

import dev.likeness.api.lag.LagView;
import dev.likeness.monitor.LagJson;
import dev.likeness.monitor.LagMonitor;
import dev.likeness.monitor.LagReport;
import dev.likeness.monitor.PartitionLag;
import dev.likeness.monitor.StoreLag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's lag as this node sees it: owners named by the instance ({@code host:port}) from
 * Streams metadata, and the restore and standby lags of the local state stores.
 *
 * <p>Blocking (the store lags ask Kafka for changelog end offsets): call it off the event loop.
 */
public final class LocalLagView implements LagView {
  private static final Logger log = LoggerFactory.getLogger(LocalLagView.class);

  private final LagMonitor monitor;
  private final KafkaStreams streams;

  /** A view of {@code monitor}'s reports through {@code streams}. */
  public LocalLagView(LagMonitor monitor, KafkaStreams streams) {
    this.monitor = monitor;
    this.streams = streams;
  }

  /** The monitor, for callers that need the plain reading (e.g. its degraded reason). */
  public LagMonitor monitor() {
    return monitor;
  }

  @Override
  public Optional<String> currentJson() {
    return current().map(LagJson::encode);
  }

  @Override
  public String unknownReason() {
    return monitor.failure().orElse("no reading yet");
  }

  @Override
  public List<Integer> imagePartitions() {
    return monitor
        .latest()
        .map(r -> r.partitions().stream().map(PartitionLag::partition).toList())
        .orElse(List.of());
  }

  /** The latest reading with instance owners and store lags, if one was taken yet. */
  public Optional<LagReport> current() {
    return monitor.latest().map(r -> r.withOwners(instanceOwners(r)).withStores(storeLags()));
  }

  /**
   * Only partitions the group says someone owns: stale metadata must not hide a STOPPED partition.
   */
  private Map<Integer, String> instanceOwners(LagReport report) {
    Map<Integer, String> owners = new HashMap<>();
    try {
      for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
        String instance = m.hostInfo().host() + ":" + m.hostInfo().port();
        // The topology's only source is the images topic, whatever its name.
        for (TopicPartition tp : m.topicPartitions()) {
          owners.put(tp.partition(), instance);
        }
      }
    } catch (RuntimeException e) {
      log.debug("No Streams metadata for lag owners: {}", e.toString());
    }
    report.partitions().stream()
        .filter(p -> p.owner() == null)
        .forEach(p -> owners.remove(p.partition()));
    return owners;
  }

  private List<StoreLag> storeLags() {
    List<StoreLag> lags = new ArrayList<>();
    try {
      Set<Integer> active = new HashSet<>();
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        for (TaskMetadata task : thread.activeTasks()) {
          active.add(task.taskId().partition());
        }
      }
      for (Map.Entry<String, Map<Integer, LagInfo>> store :
          streams.allLocalStorePartitionLags().entrySet()) {
        for (Map.Entry<Integer, LagInfo> p : store.getValue().entrySet()) {
          LagInfo info = p.getValue();
          lags.add(
              new StoreLag(
                  store.getKey(),
                  p.getKey(),
                  active.contains(p.getKey()) ? "active" : "standby",
                  info.currentOffsetPosition(),
                  info.endOffsetPosition(),
                  info.offsetLag()));
        }
      }
    } catch (RuntimeException e) {
      // Not RUNNING or REBALANCING (starting, shutting down): there are no stores to report.
      log.debug("No local store lags: {}", e.toString());
    }
    lags.sort(Comparator.comparing(StoreLag::store).thenComparingInt(StoreLag::partition));
    return lags;
  }
}
