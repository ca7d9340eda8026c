package dev.likeness.api.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where each partition of the index lives, as the Streams metadata says: its active instance and
 * the instances that keep a standby copy.
 *
 * @param active the active instance of each partition that has one
 * @param standbys the instances with a standby copy of each partition
 */
public record IndexPlacement(Map<Integer, HostInfo> active, Map<Integer, List<HostInfo>> standbys) {
  public IndexPlacement {
    active = Map.copyOf(active);
    standbys = Map.copyOf(standbys);
  }

  /** The placement the metadata of every instance hosting the index describes. */
  public static IndexPlacement of(Collection<StreamsMetadata> hosts) {
    Map<Integer, HostInfo> active = new TreeMap<>();
    Map<Integer, List<HostInfo>> standbys = new TreeMap<>();
    // The topology's only source is the images topic (whatever its name), so each partition in
    // the metadata is one of it.
    for (StreamsMetadata host : hosts) {
      for (TopicPartition tp : host.topicPartitions()) {
        active.put(tp.partition(), host.hostInfo());
      }
      for (TopicPartition tp : host.standbyTopicPartitions()) {
        standbys.computeIfAbsent(tp.partition(), p -> new ArrayList<>()).add(host.hostInfo());
      }
    }
    standbys.replaceAll((p, list) -> List.copyOf(list));
    return new IndexPlacement(active, standbys);
  }

  /** Every partition that has an active or a standby instance. */
  public Set<Integer> partitions() {
    Set<Integer> all = new TreeSet<>(active.keySet());
    all.addAll(standbys.keySet());
    return all;
  }

  /**
   * The instances that can answer for {@code partition}, best first: its active one, then its
   * standbys, leaving out {@code tried}.
   */
  public List<HostInfo> candidates(int partition, Collection<HostInfo> tried) {
    List<HostInfo> out = new ArrayList<>();
    HostInfo a = active.get(partition);
    if (a != null && !tried.contains(a)) {
      out.add(a);
    }
    for (HostInfo s : standbys.getOrDefault(partition, List.of())) {
      if (!tried.contains(s) && !out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }
}
