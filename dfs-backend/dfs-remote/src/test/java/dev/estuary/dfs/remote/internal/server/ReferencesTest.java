package dev.estuary.dfs.remote.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.contract.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference table alone: leases on an injected clock, children, the per-client limit. */
class ReferencesTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2031-01-01T00:00:00Z"));
  private final Duration lease = Duration.ofSeconds(10);

  @Test
  void lapsedLease_closesEveryReferenceOfThatClientOnly() {
    References refs = new References(clock, lease);
    List<String> closed = new ArrayList<>();
    long session = refs.add(1, "s1", () -> closed.add("s1"), 0);
    refs.addChild(session, "r1", () -> closed.add("r1"));
    refs.add(2, "s2", () -> closed.add("s2"), 0);

    clock.advance(Duration.ofSeconds(6));
    refs.renew(2);
    assertThat(refs.expire()).isZero();
    clock.advance(Duration.ofSeconds(6));
    assertThat(refs.expire()).as("client 1 lapsed, client 2 renewed 6 s ago").isEqualTo(1);

    assertThat(closed).containsExactlyInAnyOrder("s1", "r1");
    assertThat(refs.size()).isEqualTo(1);
    assertThatThrownBy(() -> refs.get(session, String.class, "lock session"))
        .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.STALE));
  }

  @Test
  void closingAParent_closesItsChildren() {
    References refs = new References(clock, lease);
    List<String> closed = new ArrayList<>();
    long session = refs.add(1, "s", () -> closed.add("s"), 0);
    long child = refs.addChild(session, "r", () -> closed.add("r"));
    refs.close(session);
    assertThat(closed).containsExactly("r", "s");
    refs.close(child);
    assertThat(closed).as("closing again is a no-op").hasSize(2);
    assertThat(refs.size()).isZero();
  }

  @Test
  void aClientPastItsLimit_isRefusedAndItsNewObjectClosed() {
    References refs = new References(clock, lease, 2);
    List<String> closed = new ArrayList<>();
    refs.add(1, "a", () -> closed.add("a"), 0);
    refs.add(1, "b", () -> closed.add("b"), 0);
    assertThatThrownBy(() -> refs.add(1, "c", () -> closed.add("c"), 0))
        .isInstanceOfSatisfying(DfsException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
          assertThat(e.getMessage()).contains("at most 2");
        });
    assertThat(closed).containsExactly("c");
    refs.add(2, "d", () -> closed.add("d"), 0);
    assertThat(refs.size()).isEqualTo(3);
  }
}
