package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.internal.identity.NtHash;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link IdentityService} answers, given the same users, groups and export rules. A
 * subclass serves a populated file-backed store through its implementation: the store itself, or
 * (node mode) a remote client of it.
 */
public abstract class IdentityServiceContract {
  @TempDir Path tmp;

  /** The store the service is populated from. */
  protected UserStore store;

  private IdentityService service;
  private User alice;
  private User bob;
  private IssuedToken token;
  private Group media;

  /**
   * Serves a populated store through the implementation under test.
   *
   * @param populated the store
   * @return the service
   */
  protected abstract IdentityService serve(UserStore populated);

  @BeforeEach
  void populate() {
    store = UserStore.open(tmp.resolve("data"), Clock.systemUTC(), new SecureRandom());
    alice = store.add("alice", "alice-password", OptionalInt.empty(), OptionalInt.empty(), false,
        null);
    bob = store.add("bob", "bob-password", OptionalInt.of(2000), OptionalInt.of(100), true, null);
    media = store.addGroup("media", OptionalInt.empty());
    store.addGroup("empty", OptionalInt.of(700));
    store.setMember("media", "alice", true);
    store.grant("alice", "photos", Permission.WRITE);
    token = store.createToken("alice", "contract");
    store.putNfsExport("photos", new NfsExportRule(ClientRange.parse("127.0.0.0/8"), true,
        NfsSquash.ROOT_SQUASH, 65534, 65534));
    service = serve(store);
  }

  @Test
  void passwordsAuthenticate() {
    Principal p = service.authenticatePassword("alice", "alice-password").orElseThrow();
    assertThat(p.name()).isEqualTo("alice");
    assertThat(p.volumes()).containsEntry("photos", Permission.WRITE);
    assertThat(service.authenticatePassword("alice", "bob-password")).isEmpty();
    assertThat(service.authenticatePassword("nobody", "alice-password")).isEmpty();
  }

  @Test
  void tokensAuthenticate() {
    assertThat(service.authenticateToken(token.token().reveal())).map(Principal::name)
        .contains("alice");
    assertThat(service.authenticateToken(token.token().reveal() + "x")).isEmpty();
  }

  @Test
  void s3KeysGiveTheOwnerAndSecret() {
    S3Identity id = service.s3Identity(alice.s3().accessKeyId()).orElseThrow();
    assertThat(id.principal().name()).isEqualTo("alice");
    assertThat(id.secretKey()).isEqualTo(alice.s3().secretKey());
    assertThat(service.s3Identity("AKIANOSUCHKEY0000000")).isEmpty();
  }

  @Test
  void ntIdentityGivesTheNtHashAndIgnoresCaseWhenUnambiguous() {
    NtIdentity nt = service.ntIdentity("alice").orElseThrow();
    assertThat(nt.ntHash().reveal()).isEqualTo(NtHash.of("alice-password"));
    assertThat(service.ntIdentity("ALICE")).map(n -> n.principal().name()).contains("alice");
    assertThat(service.ntIdentity("carol")).isEmpty();
  }

  @Test
  void principalsCarryEveryGid() {
    Principal a = service.principal("alice").orElseThrow();
    assertThat(a.uid()).isEqualTo(alice.uid());
    assertThat(a.gid()).isEqualTo(alice.gid());
    assertThat(a.gids()).isEqualTo(Set.of(alice.gid(), media.gid()));
    Principal b = service.principalByUid(2000).orElseThrow();
    assertThat(b.name()).isEqualTo("bob");
    assertThat(b.gids()).containsExactly(100);
    assertThat(b.admin()).isTrue();
    assertThat(service.principal("carol")).isEmpty();
    assertThat(service.principalByUid(4242)).isEmpty();
  }

  @Test
  void groupsByNameAndGid() {
    assertThat(service.group("media")).contains(new Group("media", media.gid(), List.of("alice")));
    assertThat(service.groupByGid(700)).contains(new Group("empty", 700, List.of()));
    assertThat(service.group("alice")).isEmpty();
    assertThat(service.groupByGid(100)).isEmpty();
  }

  @Test
  void sidsMapToUsersAndGroupsAndBack() {
    SidMapping m = service.sids();
    assertThat(m.domain().toString()).startsWith("S-1-5-21-");
    Sid aliceSid = m.userSid(alice.uid());
    assertThat(aliceSid.rid()).isEqualTo(alice.uid() * 2L + 1000);
    assertThat(service.principalBySid(aliceSid)).map(Principal::name).contains("alice");
    assertThat(service.groupBySid(m.groupSid(media.gid()))).map(Group::name).contains("media");
    // A user SID never names a group, and the other way round.
    assertThat(service.groupBySid(aliceSid)).isEmpty();
    assertThat(service.principalBySid(m.groupSid(alice.uid()))).isEmpty();
    assertThat(service.principalBySid(m.domain().append(500))).isEmpty();
  }

  @Test
  void generationMovesWithEveryChange() {
    long g0 = awaitSettled();
    assertThat(service.generation()).isEqualTo(g0);
    store.grant("bob", "photos", Permission.READ);
    long g1 = awaitGenerationOtherThan(g0);
    assertThat(service.principal("bob").orElseThrow().volumes())
        .containsEntry("photos", Permission.READ);
    store.putNfsExport("other", new NfsExportRule(ClientRange.parse("::1"), false,
        NfsSquash.ALL_SQUASH, 1, 1));
    awaitGenerationOtherThan(g1);
    assertThat(service.nfsExportRules("other")).hasSize(1);
  }

  /**
   * Waits until the service's generation stops reflecting the set-up (a remote implementation
   * hears of the store's changes asynchronously); the file-backed store is settled at once.
   *
   * @return the generation once settled
   */
  protected long awaitSettled() {
    return service.generation();
  }

  /**
   * Waits (at most 5 s, on the condition) until the generation differs from one seen before: a
   * remote implementation learns of a change by a message, within a second.
   *
   * @param seen the generation seen before the change
   * @return the new generation
   */
  private long awaitGenerationOtherThan(long seen) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    long g;
    while ((g = service.generation()) == seen) {
      assertThat(System.nanoTime()).as("generation still %d after 5 s", seen).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    return g;
  }

  @Test
  void nfsExportsAreClosedUnlessARuleSaysOtherwise() {
    InetAddress local = InetAddress.getLoopbackAddress();
    assertThat(service.nfsExportRules("photos")).hasSize(1);
    assertThat(service.nfsExportRules("other")).isEmpty();
    assertThat(service.nfsAccess("other", local, NfsCredential.authSys(1000, 1000, List.of())))
        .isInstanceOf(NfsAccess.Refused.class);
    assertThat(service.nfsAccess("photos", local, NfsCredential.authSys(0, 0, List.of())))
        .isEqualTo(new NfsAccess.Granted(65534, 65534, Set.of(), false, true));
    assertThat(service.nfsAccess("photos", InetAddress.ofLiteral("10.0.0.1"),
        NfsCredential.authSys(1000, 1000, List.of()))).isInstanceOf(NfsAccess.Refused.class);
  }
}
