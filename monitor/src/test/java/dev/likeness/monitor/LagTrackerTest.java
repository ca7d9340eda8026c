package dev.likeness.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LagTrackerTest {
  private static final long T0 = 1_700_000_000_000L;
  private final List<Long> reads = new ArrayList<>();

  /** The topic as the fake sees it: record n of every partition was written at T0 - 60 s + n s. */
  private final RecordTimestamps topic =
      (partition, offset) -> {
        reads.add(offset);
        return OptionalLong.of(T0 - 60_000 + 1000 * offset);
      };

  private final LagTracker tracker =
      new LagTracker("likeness", "likeness.images", Duration.ofSeconds(5), topic);

  private static OffsetsSnapshot at(long t, long end, Long committed, String owner) {
    return new OffsetsSnapshot(
        t,
        Map.of(0, end),
        committed == null ? Map.of() : Map.of(0, committed),
        Map.of(0, 0L),
        owner == null ? Map.of() : Map.of(0, owner));
  }

  @Test
  void caughtUpIsZeroSecondsAndOk() {
    PartitionLag p = tracker.update(at(T0, 40, 40L, "a")).partitions().get(0);
    assertThat(p.lagRecords()).isZero();
    assertThat(p.lagSeconds()).isZero();
    assertThat(p.secondsSource()).isEqualTo(SecondsSource.CAUGHT_UP);
    assertThat(p.status()).isEqualTo(LagStatus.OK);
    assertThat(reads).isEmpty();
  }

  @Test
  void aBacklogOlderThanTheHistoryIsDatedByItsRecordOncePerCommittedOffset() {
    PartitionLag first = tracker.update(at(T0, 40, 10L, null)).partitions().get(0);
    assertThat(first.lagRecords()).isEqualTo(30);
    assertThat(first.secondsSource()).isEqualTo(SecondsSource.RECORD_TIMESTAMP);
    // Record 10 was written at T0 - 50 s.
    assertThat(first.lagSeconds()).isEqualTo(50.0);
    assertThat(first.status()).isEqualTo(LagStatus.STOPPED);

    PartitionLag later = tracker.update(at(T0 + 2000, 40, 10L, null)).partitions().get(0);
    assertThat(later.lagSeconds()).isEqualTo(52.0);
    assertThat(reads).as("the record is read once while the commit stands").containsExactly(10L);
  }

  @Test
  void recordsWrittenWhileWatchedAreInterpolated() {
    tracker.update(at(T0, 40, 40L, "a"));
    tracker.update(at(T0 + 1000, 40, 40L, "a"));
    // 30 records land between 1 s and 2 s.
    PartitionLag p = tracker.update(at(T0 + 2000, 70, 40L, "a")).partitions().get(0);
    assertThat(p.secondsSource()).isEqualTo(SecondsSource.INTERPOLATED);
    assertThat(p.lagSeconds()).isBetween(0.9, 1.0);
    PartitionLag later = tracker.update(at(T0 + 9000, 70, 40L, "a")).partitions().get(0);
    assertThat(later.lagSeconds()).isBetween(7.9, 8.0);
    assertThat(later.status()).isEqualTo(LagStatus.STALLED);
    assertThat(reads).isEmpty();
  }

  @Test
  void withoutAReadableRecordTheAgeOfTheHistoryIsALowerBound() {
    LagTracker blind =
        new LagTracker("likeness", "likeness.images", Duration.ofSeconds(5), RecordTimestamps.NONE);
    blind.update(at(T0, 40, 10L, "a"));
    PartitionLag p = blind.update(at(T0 + 3000, 40, 10L, "a")).partitions().get(0);
    assertThat(p.secondsSource()).isEqualTo(SecondsSource.LOWER_BOUND);
    assertThat(p.lagSeconds()).isEqualTo(3.0);
  }

  @Test
  void aGroupWithoutACommitTrailsFromTheLogStart() {
    PartitionLag p =
        tracker
            .update(new OffsetsSnapshot(T0, Map.of(0, 40L), Map.of(), Map.of(0, 25L), Map.of()))
            .partitions()
            .get(0);
    assertThat(p.committedOffset()).isEqualTo(-1);
    assertThat(p.lagRecords()).isEqualTo(15);
    assertThat(reads).containsExactly(25L);
  }

  @Test
  void theReportTotalsAndNamesTheWorstPartition() throws Exception {
    LagReport r =
        tracker.update(
            new OffsetsSnapshot(
                T0,
                Map.of(0, 40L, 1, 50L, 2, 7L),
                Map.of(0, 30L, 1, 45L, 2, 7L),
                Map.of(),
                Map.of(0, "a", 1, "a", 2, "b")));
    assertThat(r.totalRecords()).isEqualTo(15);
    // Partition 0 waits on record 30 (written at T0 - 30 s), partition 1 on record 45 (T0 - 15 s).
    assertThat(r.worst()).hasValueSatisfying(w -> assertThat(w.partition()).isZero());
    assertThat(r.maxSeconds()).isEqualTo(30.0);
    assertThat(r.status()).isEqualTo(LagStatus.LAGGING);

    JsonNode json =
        new ObjectMapper().readTree(LagJson.encode(r.withOwners(Map.of(2, "host:8080"))));
    assertThat(json.path("total").path("lagRecords").asLong()).isEqualTo(15);
    assertThat(json.path("total").path("maxLagSeconds").asDouble()).isEqualTo(30.0);
    assertThat(json.path("worst").path("partition").asInt()).isZero();
    assertThat(json.path("partitions")).hasSize(3);
    assertThat(json.path("partitions").path(2).path("owner").asText()).isEqualTo("host:8080");
    assertThat(json.path("partitions").path(0).path("secondsEstimate").asText())
        .isEqualTo("record-timestamp");
    assertThat(json.path("status").asText()).isEqualTo("LAGGING");

    String table = LagTable.render(r);
    assertThat(table)
        .contains("PARTITION", "COMMITTED", "OWNER", "STATUS", "TOTAL", "30.0", "LAGGING");
    assertThat(table.lines().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow())
        .contains("15");
  }
}
