package dev.likeness.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultRowTest {
  private static final FaultWindow KILL =
      new FaultWindow(Fault.NODE_KILL, 1, "node-1", 10_000, 14_000, 20_000, 12_500, 30_000);

  private static SearchOutcome search(long start, long end, SearchVerdict v) {
    return new SearchOutcome(0, start, end, "x", v, v == SearchVerdict.FAILED ? 0 : 1, "");
  }

  @Test
  void countsWhatWasSentAndSearchedInsideTheWindowOnly() {
    List<Publication> pubs =
        List.of(
            new Publication("before", 9_999, 10_100, null),
            new Publication("kept", 10_000, 10_200, null),
            new Publication("lost", 12_000, 12_100, null),
            new Publication("refused", 13_000, -1, "TimeoutException"),
            new Publication("after", 30_000, 30_100, null));
    Map<String, ImageFate> fates =
        Map.of(
            "kept", new ImageFate("kept", 1, false, 3, 3, 1),
            "lost", new ImageFate("lost", 1, false, 0, 3, 0));
    List<SearchOutcome> searches =
        List.of(
            search(9_000, 9_100, SearchVerdict.FAILED),
            search(11_000, 11_500, SearchVerdict.PARTIAL),
            search(12_000, 17_300, SearchVerdict.FAILED),
            search(18_000, 18_100, SearchVerdict.COMPLETE));

    FaultRow row = FaultRow.of(KILL, pubs, searches, fates);

    assertThat(row.published()).isEqualTo(3);
    assertThat(row.acked()).isEqualTo(2);
    assertThat(row.publishFailed()).isEqualTo(1);
    assertThat(row.lost()).isEqualTo(1);
    assertThat(row.partial()).isEqualTo(1);
    assertThat(row.failed()).isEqualTo(1);
    assertThat(row.complete()).isEqualTo(1);
    // The last answer that was not complete ended 7.3 s after the kill; the node was back at 4 s.
    assertThat(row.completeAgainSeconds()).containsExactly(7.3);
    assertThat(row.backSeconds()).containsExactly(4.0);
    // The other nodes answered complete again 2.5 s after the kill, before the node was back.
    assertThat(row.freshSeconds()).containsExactly(2.5);
  }

  @Test
  void freshnessIsMeasuredForNodeFaultsOnly() {
    FaultWindow broker =
        new FaultWindow(Fault.BROKER_KILL, 1, "broker-1", 0, 1_000, 2_000, -1, 9_000);
    assertThat(FaultRow.of(broker, List.of(), List.of(), Map.of()).freshSeconds()).isEmpty();
  }

  @Test
  void aWindowThatNeverRecoveredSaysSo() {
    FaultWindow stuck = new FaultWindow(Fault.NODE_WIPE, 1, "node-2", 0, 5_000, -1, -1, 9_000);
    FaultRow row = FaultRow.of(stuck, List.of(), List.of(), Map.of());
    assertThat(row.completeAgainSeconds()).allMatch(s -> s.isNaN());
    assertThat(row.freshSeconds()).allMatch(s -> s.isNaN());
  }
}
