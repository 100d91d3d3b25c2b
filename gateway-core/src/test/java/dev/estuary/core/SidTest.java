package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SID string and binary forms (MS-DTYP §2.4.2.1, §2.4.2.2) on known values. */
class SidTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void builtinAdministratorsHasItsWellKnownBinaryForm() {
    // BUILTIN\Administrators, as every Windows security descriptor carries it.
    Sid s = Sid.parse("S-1-5-32-544");
    assertThat(HEX.formatHex(s.toBytes())).isEqualTo("01020000000000052000000020020000");
    assertThat(Sid.fromBytes(HEX.parseHex("01020000000000052000000020020000"))).isEqualTo(s);
    assertThat(s.toString()).isEqualTo("S-1-5-32-544");
  }

  @Test
  void everyoneAndADomainUserRoundTrip() {
    assertThat(HEX.formatHex(Sid.parse("S-1-1-0").toBytes())).isEqualTo("010100000000000100000000");
    Sid user = Sid.parse("S-1-5-21-1004336348-1177238915-682003330-3000");
    assertThat(HEX.formatHex(user.toBytes()))
        .isEqualTo("010500000000000515000000dcf4dc3b833d2b46828ba628b80b0000");
    assertThat(Sid.fromBytes(user.toBytes())).isEqualTo(user);
    assertThat(user.rid()).isEqualTo(3000);
    assertThat(user.isIn(Sid.parse("S-1-5-21-1004336348-1177238915-682003330"))).isTrue();
    assertThat(user.isIn(Sid.parse("S-1-5-21-1004336348-1177238915-1"))).isFalse();
  }

  @Test
  void largeAuthorityUsesHexadecimal() {
    Sid s = Sid.of(1L << 40, 7);
    assertThat(s.toString()).isEqualTo("S-1-0x010000000000-7");
    assertThat(Sid.parse(s.toString())).isEqualTo(s);
    assertThat(Sid.fromBytes(s.toBytes())).isEqualTo(s);
  }

  @Test
  void readChecksLengthsBeforeReading() {
    byte[] b = Sid.parse("S-1-5-21-1-2-3").toBytes();
    assertThatThrownBy(() -> Sid.read(b, 0, b.length - 1))
        .hasMessageContaining("for 4 sub-authorities (expected: 24)");
    byte[] badRevision = b.clone();
    badRevision[0] = 2;
    assertThatThrownBy(() -> Sid.fromBytes(badRevision)).hasMessage("SID revision: 2 (expected: 1)");
    byte[] tooMany = b.clone();
    tooMany[1] = 16;
    assertThatThrownBy(() -> Sid.fromBytes(tooMany))
        .hasMessage("SID sub-authority count: 16 (expected: at most 15)");
    assertThatThrownBy(() -> Sid.read(b, 0, 7)).hasMessageContaining("expected: at least 8");
    byte[] longer = new byte[b.length + 4];
    System.arraycopy(b, 0, longer, 0, b.length);
    assertThat(Sid.read(longer, 0, longer.length)).isEqualTo(Sid.parse("S-1-5-21-1-2-3"));
    assertThatThrownBy(() -> Sid.fromBytes(longer)).hasMessageContaining("expected: 24");
  }

  @Test
  void badStringsNameTheText() {
    for (String bad : new String[] {"", "S-1", "S-2-5-21", "X-1-5", "S-1-5-", "S-1-5-a", "S-1-5--1",
        "S-1-5-4294967296", "S-1-281474976710656"}) {
      assertThatThrownBy(() -> Sid.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void randomDomainsAreMachineDomainSids() {
    Sid d = Sid.randomDomain(new SecureRandom());
    assertThat(d.authority()).isEqualTo(5);
    assertThat(d.subAuthorities()).hasSize(4).startsWith(21L);
    assertThat(Sid.parse(d.toString())).isEqualTo(d);
  }
}
