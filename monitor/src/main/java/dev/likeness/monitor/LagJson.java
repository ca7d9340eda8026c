package dev.likeness.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The JSON form of a {@link LagReport}: what {@code GET /lag} answers and {@code likeness lag
 * --json} prints.
 */
public final class LagJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LagJson() {}

  /** The report as a JSON tree. */
  public static ObjectNode tree(LagReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("group", report.groupId());
    root.put("topic", report.topic());
    root.put("sampledAt", report.sampledAt().toString());
    root.put("status", report.status().name());
    ObjectNode total = root.putObject("total");
    total.put("lagRecords", report.totalRecords());
    total.put("maxLagSeconds", seconds(report.maxSeconds()));
    report
        .worst()
        .ifPresentOrElse(w -> root.set("worst", partition(w)), () -> root.putNull("worst"));
    var partitions = root.putArray("partitions");
    report.partitions().forEach(p -> partitions.add(partition(p)));
    var stores = root.putArray("stores");
    for (StoreLag s : report.stores()) {
      ObjectNode n = stores.addObject();
      n.put("store", s.store());
      n.put("partition", s.partition());
      n.put("role", s.role());
      n.put("currentOffset", s.currentOffset());
      n.put("endOffset", s.endOffset());
      n.put("lagRecords", s.lagRecords());
    }
    return root;
  }

  /** The report as compact JSON text. */
  public static String encode(LagReport report) {
    return tree(report).toString();
  }

  private static ObjectNode partition(PartitionLag p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("topic", p.topic());
    n.put("partition", p.partition());
    if (p.committedOffset() >= 0) {
      n.put("committedOffset", p.committedOffset());
    } else {
      n.putNull("committedOffset");
    }
    n.put("endOffset", p.endOffset());
    n.put("lagRecords", p.lagRecords());
    n.put("lagSeconds", seconds(p.lagSeconds()));
    n.put("secondsEstimate", p.secondsSource().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (p.owner() != null) {
      n.put("owner", p.owner());
    } else {
      n.putNull("owner");
    }
    n.put("status", p.status().name());
    return n;
  }

  /** Milliseconds are all the precision the samples have. */
  private static double seconds(double s) {
    return Math.round(s * 1000) / 1000.0;
  }
}
