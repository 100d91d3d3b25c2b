package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.estuary.core.internal.identity.NtHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class UserStoreTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  private UserStore open(Path dir) {
    return UserStore.open(dir, CLOCK, new SecureRandom());
  }

  @Test
  void theCreateBucketsRightDefaultsToTrueAndSurvivesReopeningAndOtherChanges() throws IOException {
    Path data = tmp.resolve("data");
    UserStore store = open(data);
    store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(store.principal("alice").orElseThrow().createBuckets()).isTrue();
    store.setCreateBuckets("alice", false);
    // Other changes to the user keep the right as it is.
    store.grant("alice", "photos", Permission.READ);
    store.setPassword("alice", "battery staple");
    store.rotateS3Keys("alice");
    Principal p = open(data).principal("alice").orElseThrow();
    assertThat(p.createBuckets()).isFalse();
    assertThat(p.volumes()).containsEntry("photos", Permission.READ);
    assertThat(open(data).authenticatePassword("alice", "battery staple")).isPresent();
    store.setCreateBuckets("alice", true);
    assertThat(open(data).principal("alice").orElseThrow().createBuckets()).isTrue();
    // A file written before the right existed has no field: every user may create buckets.
    Path file = data.resolve(UserStore.FILE_NAME);
    String json = Files.readString(file);
    assertThat(json).contains("\"createBuckets\"");
    store.setCreateBuckets("alice", false);
    json = Files.readString(file);
    Files.writeString(file, json.replaceAll(",\\s*\"createBuckets\"\\s*:\\s*false",
        ""));
    assertThat(open(data).principal("alice").orElseThrow().createBuckets()).isTrue();
  }

  @Test
  void uidsOfDeletedUsersAreNeverGivenAgainAlsoAfterReopening() throws IOException {
    Path data = tmp.resolve("data");
    UserStore store = open(data);
    User alice = store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    User bob = store.add("bob", "battery staple", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(bob.uid()).isEqualTo(alice.uid() + 1);
    // The newest user goes: the next user must not inherit bob's uid (and with it bob's files).
    store.delete("bob");
    User carol = store.add("carol", "carol's secret", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(carol.uid()).isEqualTo(bob.uid() + 1);
    assertThat(carol.gid()).isEqualTo(carol.uid());

    // The mark survives a restart, also when every user is deleted.
    store.delete("carol");
    store.delete("alice");
    User dave = open(data).add("dave", "dave's secret", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(dave.uid()).isEqualTo(carol.uid() + 1);
    // Neither uids nor gids given explicitly are handed out again.
    UserStore again = open(data);
    again.add("erin", "erin's secret", OptionalInt.of(5000), OptionalInt.of(7000), false, null);
    again.delete("erin");
    assertThat(open(data).add("frank", "frank's secret", OptionalInt.empty(), OptionalInt.empty(), false, null)
        .uid()).isEqualTo(7001);
  }

  @Test
  void aFileWithoutTheUidMarkTakesItFromTheUsersItHolds() throws IOException {
    Path data = tmp.resolve("data");
    UserStore store = open(data);
    store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    store.add("bob", "battery staple", OptionalInt.of(1500), OptionalInt.empty(), false, null);
    // As written before the mark existed: no "nextUid" field.
    Path file = data.resolve(UserStore.FILE_NAME);
    String json = Files.readString(file);
    assertThat(json).contains("\"nextUid\"");
    Files.writeString(file, json.replaceAll("\"nextUid\"\\s*:\\s*\\d+\\s*,", ""));
    assertThat(Files.readString(file)).doesNotContain("nextUid");

    UserStore reopened = open(data);
    assertThat(reopened.list()).extracting(User::name).containsExactly("alice", "bob");
    reopened.delete("bob");
    assertThat(reopened.add("carol", "carol's secret", OptionalInt.empty(), OptionalInt.empty(), false, null)
        .uid()).isEqualTo(1501);
    assertThat(Files.readString(file)).contains("\"nextUid\" : 1502");
  }

  @Test
  void roundTripThroughTheFile() {
    Path data = tmp.resolve("data");
    UserStore store = open(data);
    User alice = store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    User bob = store.add("bob", "battery staple", OptionalInt.of(2000), OptionalInt.of(100), true, null);
    store.grant("alice", "photos", Permission.WRITE);
    IssuedToken token = store.createToken("alice", "training job");

    UserStore reopened = open(data);
    assertThat(reopened.list()).extracting(User::name).containsExactly("alice", "bob");
    User a = reopened.find("alice").orElseThrow();
    assertThat(a.uid()).isEqualTo(UserStore.FIRST_UID);
    assertThat(a.gid()).isEqualTo(UserStore.FIRST_UID);
    assertThat(a.volumes()).containsEntry("photos", Permission.WRITE);
    assertThat(a.s3()).isEqualTo(alice.s3());
    assertThat(a.ntHash()).isEqualTo(alice.ntHash());
    assertThat(a.created()).isEqualTo(CLOCK.instant());
    assertThat(a.tokens()).extracting(ApiToken::id).containsExactly(token.id());
    User b = reopened.find("bob").orElseThrow();
    assertThat(b.uid()).isEqualTo(2000);
    assertThat(b.gid()).isEqualTo(100);
    assertThat(b.admin()).isTrue();
    assertThat(b.passwordHash()).isEqualTo(bob.passwordHash());
    assertThat(reopened.authenticatePassword("bob", "battery staple")).isPresent();
    assertThat(reopened.authenticateToken(token.token().reveal()))
        .get().extracting(Principal::name).isEqualTo("alice");
  }

  @Test
  void fileIs0600AndNewDirectoryIs0700() throws IOException {
    Path data = tmp.resolve("fresh");
    UserStore store = open(data);
    store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    // No temporary file is left behind by the atomic replace.
    try (var s = Files.list(data)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("users.json");
    }
  }

  @Test
  void passwordVerifiesWithArgon2id() {
    UserStore store = open(tmp);
    User u = store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(u.passwordHash().reveal()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(store.authenticatePassword("alice", "correct horse")).get()
        .extracting(Principal::uid).isEqualTo(UserStore.FIRST_UID);
    assertThat(store.authenticatePassword("alice", "correct horsf")).isEmpty();
    assertThat(store.authenticatePassword("nobody", "correct horse")).isEmpty();
    store.setPassword("alice", "new password");
    assertThat(store.authenticatePassword("alice", "correct horse")).isEmpty();
    assertThat(store.authenticatePassword("alice", "new password")).isPresent();
    assertThat(store.ntIdentity("alice").orElseThrow().ntHash().reveal())
        .isEqualTo(NtHash.of("new password"));
  }

  @Test
  void ntHashMatchesTheKnownVector() {
    // MS-NLMP / widely published: NTOWF("password") = 8846F7EAEE8FB117AD06BDD830B7586C.
    assertThat(NtHash.of("password")).isEqualTo("8846f7eaee8fb117ad06bdd830b7586c");
    UserStore store = open(tmp);
    store.add("carol", "password", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(store.ntIdentity("carol").orElseThrow().ntHash().reveal())
        .isEqualTo("8846f7eaee8fb117ad06bdd830b7586c");
  }

  @Test
  void s3KeysLookUpRotateAndStayUnique() {
    UserStore store = open(tmp);
    User u = store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThat(u.s3().accessKeyId()).hasSize(20).matches("[A-Z0-9]+");
    assertThat(u.s3().secretKey().reveal()).hasSize(40);
    S3Identity id = store.s3Identity(u.s3().accessKeyId()).orElseThrow();
    assertThat(id.principal().name()).isEqualTo("alice");
    assertThat(id.secretKey()).isEqualTo(u.s3().secretKey());
    S3Credentials rotated = store.rotateS3Keys("alice");
    assertThat(store.s3Identity(u.s3().accessKeyId())).isEmpty();
    assertThat(store.s3Identity(rotated.accessKeyId())).isPresent();
    S3Credentials fixed = new S3Credentials("AKIAFIXEDKEY000001", new Secret("s3cr3t-s3cr3t-s3cr3t"));
    store.add("bob", "battery staple", OptionalInt.empty(), OptionalInt.empty(), false, fixed);
    assertThatThrownBy(() -> store.add("carol", "battery staple", OptionalInt.empty(),
        OptionalInt.empty(), false, fixed))
        .hasMessageContaining("access key id: 'AKIAFIXEDKEY000001' is in use");
  }

  @Test
  void tokensAreStoredHashedAndCanBeRevoked() throws IOException {
    UserStore store = open(tmp);
    store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    IssuedToken t = store.createToken("alice", "ci");
    String file = Files.readString(store.file());
    assertThat(file).doesNotContain(t.token().reveal());
    assertThat(store.authenticateToken(t.token().reveal())).isPresent();
    assertThat(store.authenticateToken(t.token().reveal() + "x")).isEmpty();
    store.revokeToken("alice", t.id());
    assertThat(store.authenticateToken(t.token().reveal())).isEmpty();
    assertThatThrownBy(() -> store.revokeToken("alice", t.id()))
        .hasMessageContaining("token: '" + t.id() + "'");
  }

  @Test
  void badInputsAreNamed() {
    UserStore store = open(tmp);
    assertThatThrownBy(() -> store.add("-x", "correct horse", OptionalInt.empty(),
        OptionalInt.empty(), false, null)).hasMessageStartingWith("user name: '-x'");
    assertThatThrownBy(() -> store.add("alice", "short", OptionalInt.empty(),
        OptionalInt.empty(), false, null)).hasMessage("password: 5 characters (expected: at least 8)");
    store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), false, null);
    assertThatThrownBy(() -> store.add("alice", "correct horse", OptionalInt.empty(),
        OptionalInt.empty(), false, null)).hasMessageContaining("already exists");
    assertThatThrownBy(() -> store.delete("zed")).hasMessageContaining("user: 'zed'");
    store.delete("alice");
    assertThat(open(tmp).list()).isEmpty();
  }

  @Test
  void damagedFileIsReportedWithItsName() throws IOException {
    Files.writeString(tmp.resolve("users.json"), "{\"version\": 1, \"users\": [{\"name\": \"a\", \"bogus\": 1}]}");
    assertThatThrownBy(() -> open(tmp))
        .hasMessageContaining("users.json: user 'a': unknown field 'bogus'");
  }

  @Test
  void secretsAreRedactedInToStringAndNeverLogged() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger estuary = (Logger) LoggerFactory.getLogger("dev.estuary");
    Level before = estuary.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    estuary.setLevel(Level.TRACE);
    try {
      UserStore store = open(tmp);
      User u = store.add("alice", "correct horse", OptionalInt.empty(), OptionalInt.empty(), true, null);
      store.setPassword("alice", "second password");
      S3Credentials rotated = store.rotateS3Keys("alice");
      IssuedToken t = store.createToken("alice", "ci");
      store.revokeToken("alice", t.id());
      User now = store.find("alice").orElseThrow();
      List<String> secrets = List.of("correct horse", "second password",
          u.s3().secretKey().reveal(), rotated.secretKey().reveal(), t.token().reveal(),
          now.passwordHash().reveal(), now.ntHash().reveal());
      for (String text : List.of(u.toString(), now.toString(), rotated.toString(), t.toString(),
          now.principal().toString(), store.s3Identity(rotated.accessKeyId()).orElseThrow().toString())) {
        for (String s : secrets) {
          assertThat(text).doesNotContain(s);
        }
      }
      assertThat(now.toString()).contains("alice").contains("<redacted>");
      assertThat(appender.list).isNotEmpty();
      for (ILoggingEvent e : appender.list) {
        for (String s : secrets) {
          assertThat(e.getFormattedMessage()).doesNotContain(s);
        }
      }
    } finally {
      root.detachAppender(appender);
      estuary.setLevel(before);
    }
  }
}
