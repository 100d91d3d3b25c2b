package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.NfsAccess.Granted;
import dev.estuary.core.NfsAccess.Refused;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The export rule resolver, from a table: (rules, client, credential) -> identity or refused. */
class NfsExportsTest {
  private static final int ANON = NfsExportRule.DEFAULT_ANON_ID;

  private static NfsExportRule rule(String clients, boolean rw, NfsSquash squash) {
    return new NfsExportRule(ClientRange.parse(clients), rw, squash, ANON, ANON);
  }

  private static final List<NfsExportRule> RULES = List.of(
      rule("10.0.0.0/8", false, NfsSquash.ROOT_SQUASH),
      rule("10.1.0.0/16", true, NfsSquash.ROOT_SQUASH),
      rule("10.1.2.3", true, NfsSquash.NO_ROOT_SQUASH),
      rule("192.168.0.0/24", true, NfsSquash.ALL_SQUASH),
      rule("2001:db8::/32", true, NfsSquash.ROOT_SQUASH),
      new NfsExportRule(ClientRange.parse("172.16.0.0/12"), true, NfsSquash.ROOT_SQUASH, 4000, 5000));

  private static final NfsCredential ROOT = NfsCredential.authSys(0, 0, List.of(0, 10));
  private static final NfsCredential ALICE = NfsCredential.authSys(1000, 1000, List.of(100_000));

  static Stream<Arguments> table() {
    return Stream.of(
        // client, credential, expected (null = refused)
        Arguments.of("10.9.9.9", ALICE, new Granted(1000, 1000, Set.of(100_000), true, false)),
        Arguments.of("10.9.9.9", ROOT, new Granted(ANON, ANON, Set.of(ANON, 10), true, true)),
        Arguments.of("10.1.9.9", ALICE, new Granted(1000, 1000, Set.of(100_000), false, false)),
        Arguments.of("10.1.9.9", ROOT, new Granted(ANON, ANON, Set.of(ANON, 10), false, true)),
        Arguments.of("10.1.2.3", ROOT, new Granted(0, 0, Set.of(0, 10), false, false)),
        Arguments.of("192.168.0.7", ALICE, new Granted(ANON, ANON, Set.of(), false, true)),
        Arguments.of("192.168.0.7", ROOT, new Granted(ANON, ANON, Set.of(), false, true)),
        Arguments.of("10.9.9.9", NfsCredential.NONE, new Granted(ANON, ANON, Set.of(), true, true)),
        Arguments.of("10.1.2.3", NfsCredential.NONE, new Granted(ANON, ANON, Set.of(), false, true)),
        Arguments.of("172.20.0.1", ROOT, new Granted(4000, 5000, Set.of(5000, 10), false, true)),
        Arguments.of("172.20.0.1", NfsCredential.authSys(0, 7, List.of()),
            new Granted(4000, 7, Set.of(), false, true)),
        Arguments.of("2001:db8:1::5", ALICE, new Granted(1000, 1000, Set.of(100_000), false, false)),
        Arguments.of("::ffff:10.1.2.3", ROOT, new Granted(0, 0, Set.of(0, 10), false, false)),
        Arguments.of("11.0.0.1", ALICE, null),
        Arguments.of("192.168.1.1", ALICE, null),
        Arguments.of("2001:db9::1", ALICE, null),
        Arguments.of("::1", ROOT, null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("table")
  void resolves(String client, NfsCredential cred, NfsAccess expected) throws Exception {
    NfsAccess got = NfsExports.resolve("media", RULES, InetAddress.ofLiteral(client), cred);
    if (expected == null) {
      assertThat(got).isInstanceOf(Refused.class);
      assertThat(((Refused) got).reason()).contains(InetAddress.ofLiteral(client).getHostAddress())
          .contains("'media'");
    } else {
      assertThat(got).isEqualTo(expected);
    }
  }

  @Test
  void noRuleMeansNoAccess() {
    NfsAccess got = NfsExports.resolve("media", List.of(), InetAddress.ofLiteral("127.0.0.1"), ALICE);
    assertThat(got).isEqualTo(new Refused(
        "volume 'media' is not exported (expected: estuary volume export media --clients RANGE)"));
  }

  @Test
  void everyAddressRangeIsExplicit() {
    NfsExportRule all4 = rule("0.0.0.0/0", true, NfsSquash.ROOT_SQUASH);
    assertThat(NfsExports.resolve("v", List.of(all4), InetAddress.ofLiteral("8.8.8.8"), ALICE))
        .isInstanceOf(Granted.class);
    assertThat(NfsExports.resolve("v", List.of(all4), InetAddress.ofLiteral("::1"), ALICE))
        .isInstanceOf(Refused.class);
  }

  @Test
  void clientRangesAreCanonicalAndStrict() {
    assertThat(ClientRange.parse(" 127.0.0.0/8 ").cidr()).isEqualTo("127.0.0.0/8");
    assertThat(ClientRange.parse("10.1.2.3").cidr()).isEqualTo("10.1.2.3/32");
    assertThat(ClientRange.parse("2001:DB8::/32").cidr()).isEqualTo("2001:db8::/32");
    assertThat(ClientRange.parse("::1").prefix()).isEqualTo(128);
    // RFC 5952: the longest run of zero groups is shortened, the first of two equal ones, never
    // a single group.
    assertThat(ClientRange.parse("2001:db8:0:0:1:0:0:1").cidr()).isEqualTo("2001:db8::1:0:0:1/128");
    assertThat(ClientRange.parse("2001:db8:0:1:1:1:1:1").cidr()).isEqualTo("2001:db8:0:1:1:1:1:1/128");
    assertThat(ClientRange.parse("fe80:0:0:0:0:0:0:0/10").cidr()).isEqualTo("fe80::/10");
    assertThat(ClientRange.parse("::/0").cidr()).isEqualTo("::/0");
    assertThat(ClientRange.parse("1:0:0:2:0:0:0:3").cidr()).isEqualTo("1:0:0:2::3/128");
    assertThatThrownBy(() -> ClientRange.parse("10.1.2.3/8"))
        .hasMessage("clients: '10.1.2.3/8' has bits set after the prefix (expected: the network"
            + " address, 10.0.0.0/8)");
    for (String bad : new String[] {"", "example.com", "10.0.0.0/33", "::/129", "10.0.0/8",
        "10.0.0.0/", "10.0.0.0/-1", "1.2.3.4.5"}) {
      assertThatThrownBy(() -> ClientRange.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clients: '");
    }
  }

  @Test
  void squashModesParseBothSpellings() {
    assertThat(NfsSquash.parse("root_squash")).isEqualTo(NfsSquash.ROOT_SQUASH);
    assertThat(NfsSquash.parse("All-Squash")).isEqualTo(NfsSquash.ALL_SQUASH);
    assertThatThrownBy(() -> NfsSquash.parse("squash"))
        .hasMessage("squash: 'squash' (expected: root_squash, all_squash or no_root_squash)");
  }
}
