package dev.likeness.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the live threads of this JVM grouped by what they do (the node's stream threads, the
 * Kafka clients, the in-process broker, HTTP), so a benchmark can say where its CPU per image goes.
 * Whatever the process spent outside those threads (GC, the JIT) is the remainder.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /** Nanoseconds of CPU per role, summed over the live threads. */
  static Map<String, Long> byRole() {
    Map<String, Long> out = new TreeMap<>();
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(t.getThreadId());
      if (cpu > 0) {
        out.merge(role(t.getThreadName()), cpu, Long::sum);
      }
    }
    return out;
  }

  /** "role a.b, role c.d, ..., JVM (GC, JIT) e.f" in ms per image between two snapshots. */
  static String perImage(
      Map<String, Long> before, Map<String, Long> after, long processNanos, int images) {
    Map<String, Double> ms = new LinkedHashMap<>();
    long threads = 0;
    for (var e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      threads += d;
      ms.put(e.getKey(), d / 1e6 / images);
    }
    ms.put("JVM (GC, JIT)", Math.max(0, processNanos - threads) / 1e6 / images);
    StringBuilder sb = new StringBuilder();
    ms.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%s %.1f", k, v)));
    return sb.toString();
  }

  static String role(String name) {
    if (name.contains("StreamThread") && !name.contains("producer")) {
      return "stream threads";
    }
    if (name.startsWith("kafka-producer-network-thread")
        || name.startsWith("kafka-coordinator")
        || name.startsWith("kafka-admin-client")) {
      return "Kafka clients' I/O";
    }
    if (name.startsWith("vert.x")) {
      return "HTTP";
    }
    if (name.equals("main") || name.equals("feature-watcher")) {
      return "bench";
    }
    return "broker and other";
  }
}
