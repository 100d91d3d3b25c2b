package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.SidMapping.Kind;
import dev.estuary.core.SidMapping.UnixId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Samba's algorithmic mapping: user RID uid*2+1000, group RID gid*2+1001, and back. */
class SidMappingTest {
  private final SidMapping m = new SidMapping(Sid.parse("S-1-5-21-1-2-3"));

  @Test
  void knownValues() {
    assertThat(m.userSid(1000)).hasToString("S-1-5-21-1-2-3-3000");
    assertThat(m.groupSid(1000)).hasToString("S-1-5-21-1-2-3-3001");
    assertThat(m.userSid(0)).hasToString("S-1-5-21-1-2-3-1000");
    assertThat(m.groupSid(0)).hasToString("S-1-5-21-1-2-3-1001");
    assertThat(m.groupSid(100_000)).hasToString("S-1-5-21-1-2-3-201001");
    // The largest id whose RID fits in 32 bits, then Samba's unix SIDs.
    assertThat(m.userSid(2147483147)).hasToString("S-1-5-21-1-2-3-4294967294");
    assertThat(m.userSid(2147483148)).hasToString("S-1-22-1-2147483148");
    assertThat(m.groupSid(-2)).hasToString("S-1-22-2-4294967294");
  }

  @Test
  void roundTrips() {
    for (int id : new int[] {0, 1, 999, 1000, 65534, 100_000, 2147483147, 2147483148, -1}) {
      assertThat(m.resolve(m.userSid(id))).as("uid %d", id).contains(new UnixId(Kind.USER, id));
      assertThat(m.resolve(m.groupSid(id))).as("gid %d", id).contains(new UnixId(Kind.GROUP, id));
    }
  }

  @Test
  void otherSidsMapToNothing() {
    assertThat(m.resolve(Sid.parse("S-1-5-21-1-2-3-500"))).isEmpty(); // well-known Administrator
    assertThat(m.resolve(Sid.parse("S-1-5-21-1-2-4-3000"))).isEmpty(); // another domain
    assertThat(m.resolve(Sid.parse("S-1-1-0"))).isEqualTo(Optional.empty());
    assertThat(m.resolve(Sid.parse("S-1-5-21-1-2-3"))).isEmpty(); // the domain itself
    assertThat(m.resolve(Sid.parse("S-1-5-21-1-2-3-3000-1"))).isEmpty();
  }
}
