package dev.likeness.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReclaimableWorkspaceTest {
  private final AtomicInteger built = new AtomicInteger();
  private final ReclaimableWorkspace<Object> workspace =
      new ReclaimableWorkspace<>(
          () -> {
            built.incrementAndGet();
            return new Object();
          });

  @Test
  void aThreadKeepsItsWorkspaceAcrossCalls() {
    assertNull(workspace.heldByThisThread());
    Object first = workspace.get();
    assertSame(first, workspace.get());
    assertEquals(1, built.get());
  }

  @Test
  void eachThreadGetsItsOwn() throws Exception {
    Object mine = workspace.get();
    Object theirs = CompletableFuture.supplyAsync(workspace::get, r -> new Thread(r).start()).get();
    assertNotSame(mine, theirs);
    assertEquals(2, built.get());
  }

  @Test
  void aReclaimedWorkspaceIsBuiltAgainOnTheNextCall() {
    Object first = workspace.get();
    workspace.heldByThisThread().clear(); // what the collector does under heap pressure
    Object second = workspace.get();
    assertNotSame(first, second);
    assertSame(second, workspace.get());
    assertEquals(2, built.get());
  }
}
