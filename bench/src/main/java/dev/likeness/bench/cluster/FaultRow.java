package dev.likeness.bench.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The figures of one fault window (or of several, added up).
 *
 * @param label the fault
 * @param target what it hit
 * @param runs how many windows are added up here
 * @param published images sent during the window
 * @param acked of which acknowledged
 * @param publishFailed of which the producer gave up on (the client knows: not lost)
 * @param lost acknowledged, but missing from the topic or the index
 * @param duplicated written or indexed twice
 * @param deadLettered acknowledged good images found in the dead-letter topic
 * @param complete searches answered complete
 * @param stale searches answered with every partition, some from a standby
 * @param partial searches answered without some partitions
 * @param failed searches not answered, or answered without the image
 * @param completeAgainSeconds per window: from the fault to the end of the last answer that was not
 *     complete (0 if none was); NaN if answers were not complete again within the bound
 * @param backSeconds per window: from the fault until the target ran again
 * @param freshSeconds per node-fault window: from the fault until the other nodes answered complete
 *     again; NaN if not within the bound
 */
record FaultRow(
    String label,
    String target,
    int runs,
    long published,
    long acked,
    long publishFailed,
    long lost,
    long duplicated,
    long deadLettered,
    long complete,
    long stale,
    long partial,
    long failed,
    List<Double> completeAgainSeconds,
    List<Double> backSeconds,
    List<Double> freshSeconds) {

  static FaultRow of(
      FaultWindow w,
      Collection<Publication> publications,
      Collection<SearchOutcome> searches,
      Map<String, ImageFate> fates) {
    long published = 0;
    long acked = 0;
    long publishFailed = 0;
    long lost = 0;
    long duplicated = 0;
    long deadLettered = 0;
    for (Publication p : publications) {
      if (!w.contains(p.sentAt())) {
        continue;
      }
      published++;
      if (p.failure() != null) {
        publishFailed++;
      }
      if (!p.acked()) {
        continue;
      }
      acked++;
      ImageFate f = fates.get(p.id());
      if (f != null) {
        lost += f.lost() ? 1 : 0;
        duplicated += f.duplicated() ? 1 : 0;
        deadLettered += f.deadLettered() ? 1 : 0;
      }
    }
    long[] verdicts = new long[SearchVerdict.values().length];
    long lastBadEnd = -1;
    for (SearchOutcome o : searches) {
      if (!w.contains(o.startedAt())) {
        continue;
      }
      verdicts[o.verdict().ordinal()]++;
      if (o.verdict() != SearchVerdict.COMPLETE) {
        lastBadEnd = Math.max(lastBadEnd, o.endedAt());
      }
    }
    double completeAgain =
        w.recoveredAt() < 0
            ? Double.NaN
            : lastBadEnd < 0 ? 0 : (lastBadEnd - w.startedAt()) / 1000.0;
    List<Double> back = w.backAt() < 0 ? List.of() : List.of((w.backAt() - w.startedAt()) / 1000.0);
    List<Double> fresh =
        w.fault() != Fault.NODE_KILL && w.fault() != Fault.NODE_WIPE
            ? List.of()
            : List.of(w.freshAt() < 0 ? Double.NaN : (w.freshAt() - w.startedAt()) / 1000.0);
    return new FaultRow(
        w.fault() == null ? w.label() : w.label() + " #" + w.cycle(),
        w.target(),
        1,
        published,
        acked,
        publishFailed,
        lost,
        duplicated,
        deadLettered,
        verdicts[SearchVerdict.COMPLETE.ordinal()],
        verdicts[SearchVerdict.STALE.ordinal()],
        verdicts[SearchVerdict.PARTIAL.ordinal()],
        verdicts[SearchVerdict.FAILED.ordinal()],
        List.of(completeAgain),
        back,
        fresh);
  }

  /** This row and another added up, under {@code label}. */
  FaultRow plus(FaultRow o, String label) {
    return new FaultRow(
        label,
        target.equals(o.target) ? target : "various",
        runs + o.runs,
        published + o.published,
        acked + o.acked,
        publishFailed + o.publishFailed,
        lost + o.lost,
        duplicated + o.duplicated,
        deadLettered + o.deadLettered,
        complete + o.complete,
        stale + o.stale,
        partial + o.partial,
        failed + o.failed,
        concat(completeAgainSeconds, o.completeAgainSeconds),
        concat(backSeconds, o.backSeconds),
        concat(freshSeconds, o.freshSeconds));
  }

  long searches() {
    return complete + stale + partial + failed;
  }

  private static List<Double> concat(List<Double> a, List<Double> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
