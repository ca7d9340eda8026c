package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

class TransactionFencingTest {
  private static final String A = "0b5e8f52-6a3f-4d0a-9c1e-2f4b6d8a0c11";
  private static final String B = "7d2c4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e5f";

  @Test
  void aTransactionWhoseThreadIsNotInTheGroupIsOrphaned() {
    List<String> open = List.of("app-" + A + "-1", "app-" + B + "-1", "app-" + B + "-2");
    List<String> members =
        List.of("app-" + A + "-StreamThread-1-consumer", "app-" + B + "-StreamThread-1-consumer");
    assertThat(TransactionFencing.orphans("app", open, members))
        .as("B's second thread left; its first is still a member")
        .containsExactly("app-" + B + "-2");
  }

  @Test
  void anEmptyGroupFencesNothing() {
    assertThat(TransactionFencing.orphans("app", List.of("app-" + A + "-1"), List.of())).isEmpty();
  }

  @Test
  void otherApplicationsAndOtherTransactionsAreLeftAlone() {
    List<String> members = List.of("app-" + A + "-StreamThread-1-consumer");
    List<String> open =
        List.of(
            // another application whose id starts with this one's
            "app-chaos-" + B + "-1",
            // a producer of the application's own choosing, not a stream thread
            "app-publisher",
            "other-" + B + "-1");
    assertThat(TransactionFencing.orphans("app", open, members)).isEmpty();
    assertThat(TransactionFencing.orphans("app-chaos", open, members))
        .as("app-chaos has no member in app's group listing")
        .isEmpty();
    assertThat(
            TransactionFencing.orphans(
                "app-chaos", open, List.of("app-chaos-" + A + "-StreamThread-1-consumer")))
        .containsExactly("app-chaos-" + B + "-1");
  }

  @Test
  void applicationIdsWithPatternCharactersAreTakenLiterally() {
    List<String> members = List.of("a.b+-" + A + "-StreamThread-1-consumer");
    assertThat(TransactionFencing.orphans("a.b+", List.of("a.b+-" + B + "-1"), members))
        .containsExactly("a.b+-" + B + "-1");
    assertThat(TransactionFencing.orphans("a.b+", List.of("axbb-" + B + "-1"), members)).isEmpty();
  }

  @Test
  void onlyAStableGroupsMembershipCounts() {
    List<String> open = List.of("app-" + B + "-1");
    List<String> members = List.of("app-" + A + "-StreamThread-1-consumer");
    for (GroupState state : GroupState.values()) {
      assertThat(TransactionFencing.orphans("app", open, state, members, List.of()))
          .as("group %s", state)
          .isEqualTo(state == GroupState.STABLE ? Set.of("app-" + B + "-1") : Set.of());
    }
  }

  @Test
  void thisInstancesOwnThreadsAreNeverFenced() {
    List<String> open = List.of("app-" + A + "-1", "app-" + A + "-2", "app-" + B + "-1");
    List<String> members = List.of("app-" + B + "-StreamThread-1-consumer");
    List<String> own =
        List.of("app-" + A + "-StreamThread-1-consumer", "app-" + A + "-StreamThread-2-consumer");
    assertThat(TransactionFencing.orphans("app", open, GroupState.STABLE, members, own))
        .as("A's threads are missing from the group's list, but they are this instance's")
        .isEmpty();
    assertThat(
            TransactionFencing.orphans("app", open, GroupState.STABLE, members, own.subList(0, 1)))
        .containsExactly("app-" + A + "-2");
  }
}
