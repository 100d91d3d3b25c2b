package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.internal.identity.NtHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups, gids that are never given twice, the domain SID and NFS export rules in users.json. */
class GroupStoreTest {
  @TempDir Path tmp;

  private UserStore open() {
    return UserStore.open(tmp, Clock.systemUTC(), new SecureRandom());
  }

  @Test
  void gidsAreNeverGivenTwiceAcrossDeletesAndRestarts() {
    UserStore s = open();
    Group a = s.addGroup("a", OptionalInt.empty());
    Group b = s.addGroup("b", OptionalInt.empty());
    assertThat(a.gid()).isEqualTo(UserStore.FIRST_GID);
    assertThat(b.gid()).isEqualTo(UserStore.FIRST_GID + 1);
    s.deleteGroup("b");
    assertThat(s.addGroup("c", OptionalInt.empty()).gid()).isEqualTo(UserStore.FIRST_GID + 2);
    s.deleteGroup("c");
    // The high-water mark survives a restart, even when the highest group is gone.
    UserStore reopened = open();
    assertThat(reopened.addGroup("d", OptionalInt.empty()).gid()).isEqualTo(UserStore.FIRST_GID + 3);
    // An explicit gid above the mark moves it; a deleted group's gid is refused outright.
    assertThat(reopened.addGroup("e", OptionalInt.of(200_000)).gid()).isEqualTo(200_000);
    assertThat(reopened.addGroup("f", OptionalInt.empty()).gid()).isEqualTo(200_001);
    assertThatThrownBy(() -> reopened.addGroup("g", OptionalInt.of(UserStore.FIRST_GID + 1)))
        .hasMessage("gid: 100001 belonged to a deleted group (expected: a gid never given to a"
            + " group; files may still carry it)");
    assertThatThrownBy(() -> reopened.addGroup("g", OptionalInt.of(200_000)))
        .hasMessage("gid: 200000 is group 'e' (expected: a gid no group has)");
  }

  @Test
  void automaticGidsSkipThePrimaryGroupsOfUsers() {
    UserStore s = open();
    s.add("big", "big-password", OptionalInt.of(UserStore.FIRST_GID), OptionalInt.empty(), false,
        null);
    assertThat(s.addGroup("g", OptionalInt.empty()).gid()).isEqualTo(UserStore.FIRST_GID + 1);
    // A user whose default private group would be a shared group is told to name one.
    s.addGroup("h", OptionalInt.of(5000));
    assertThatThrownBy(() -> s.add("u", "u-password", OptionalInt.of(5000), OptionalInt.empty(),
        false, null)).hasMessage("gid: 5000 (the default, the uid) belongs to group 'h' (expected:"
            + " --gid naming the primary group explicitly)");
    assertThat(s.add("u", "u-password", OptionalInt.of(5000), OptionalInt.of(5000), false, null)
        .principal().gids()).containsExactly(5000);
  }

  @Test
  void membershipGoesWithTheGroupAndSurvivesCredentialChanges() {
    UserStore s = open();
    s.add("alice", "alice-password", OptionalInt.empty(), OptionalInt.empty(), false, null);
    Group g = s.addGroup("media", OptionalInt.empty());
    s.setMember("media", "alice", true);
    // Every other change to the user keeps the group.
    s.setPassword("alice", "second-password");
    s.rotateS3Keys("alice");
    s.grant("alice", "v", Permission.READ);
    s.revokeToken("alice", s.createToken("alice", "t").id());
    assertThat(open().principal("alice").orElseThrow().gids()).containsExactlyInAnyOrder(1000, g.gid());
    assertThat(s.ntIdentity("alice").orElseThrow().ntHash().reveal())
        .isEqualTo(NtHash.of("second-password"));
    s.setMember("media", "alice", false);
    assertThat(s.principal("alice").orElseThrow().gids()).containsExactly(1000);
    s.setMember("media", "alice", true);
    s.deleteGroup("media");
    assertThat(open().principal("alice").orElseThrow().gids()).containsExactly(1000);
    assertThat(s.find("alice").orElseThrow().groups()).isEmpty();
  }

  @Test
  void namesAreSharedByUsersAndGroupsAndChecked() {
    UserStore s = open();
    s.add("alice", "alice-password", OptionalInt.empty(), OptionalInt.empty(), false, null);
    s.addGroup("media", OptionalInt.empty());
    assertThatThrownBy(() -> s.addGroup("alice", OptionalInt.empty()))
        .hasMessage("group: 'alice' is taken by a user (expected: a name no user or group has)");
    assertThatThrownBy(() -> s.addGroup("media", OptionalInt.empty()))
        .hasMessage("group: 'media' is taken by a group (expected: a name no user or group has)");
    assertThatThrownBy(() -> s.add("media", "media-password", OptionalInt.empty(),
        OptionalInt.empty(), false, null)).hasMessageContaining("user: 'media' is the name of a group");
    assertThatThrownBy(() -> s.addGroup("-x", OptionalInt.empty()))
        .hasMessageStartingWith("group name: '-x' (expected:");
    assertThatThrownBy(() -> s.setMember("nope", "alice", true))
        .hasMessage("group: 'nope' (expected: an existing group)");
    assertThatThrownBy(() -> s.setMember("media", "nope", true))
        .hasMessage("user: 'nope' (expected: an existing user)");
    assertThatThrownBy(() -> s.deleteGroup("nope")).hasMessageContaining("group: 'nope'");
  }

  @Test
  void domainSidIsCreatedOnceAndKept() throws IOException {
    UserStore s = open();
    Sid domain = s.sids().domain();
    assertThat(Files.readString(s.file())).contains("\"domainSid\" : \"" + domain + "\"");
    assertThat(open().sids().domain()).isEqualTo(domain);
    assertThat(UserStore.open(tmp.resolve("other"), Clock.systemUTC(), new SecureRandom()).sids()
        .domain()).isNotEqualTo(domain);
  }

  @Test
  void versionOneFilesAreReadAndUpgraded() throws IOException {
    UserStore old = open();
    old.add("alice", "alice-password", OptionalInt.empty(), OptionalInt.empty(), false, null);
    // The file as the previous version wrote it: no SID, no groups, version 1.
    String v1 = Files.readString(old.file())
        .replaceAll("\"version\" : 2", "\"version\" : 1")
        .replaceAll("(?s)\"domainSid\".*?\"users\"", "\"users\"")
        .replaceAll(",\\s*\"groups\" : \\[ \\]", "");
    assertThat(v1).doesNotContain("domainSid").doesNotContain("groups");
    Files.writeString(old.file(), v1);
    UserStore s = open();
    assertThat(s.authenticatePassword("alice", "alice-password")).isPresent();
    assertThat(s.sids().domain().toString()).startsWith("S-1-5-21-");
    assertThat(Files.readString(s.file())).contains("\"version\" : 2").contains("domainSid");
    assertThat(open().sids()).isEqualTo(s.sids());
  }

  @Test
  void unknownTopLevelFieldsAreRefused() throws IOException {
    Files.writeString(tmp.resolve("users.json"), "{\"version\": 2, \"users\": [], \"bogus\": 1}");
    assertThatThrownBy(this::open).hasMessageContaining("users.json: unknown field 'bogus'");
    Files.writeString(tmp.resolve("users.json"), "{\"version\": 3, \"users\": []}");
    assertThatThrownBy(this::open).hasMessageContaining("version 3 (expected: 1 or 2)");
  }

  @Test
  void nfsExportRulesPersistReplaceAndClose() {
    UserStore s = open();
    NfsExportRule ro = new NfsExportRule(ClientRange.parse("10.0.0.0/8"), false,
        NfsSquash.ROOT_SQUASH, 65534, 65534);
    NfsExportRule rw = new NfsExportRule(ClientRange.parse("10.0.0.0/8"), true,
        NfsSquash.ALL_SQUASH, 4000, 4001);
    NfsExportRule v6 = new NfsExportRule(ClientRange.parse("::1"), true,
        NfsSquash.NO_ROOT_SQUASH, 65534, 65534);
    s.putNfsExport("photos", ro);
    s.putNfsExport("photos", v6);
    s.putNfsExport("photos", rw);
    assertThat(open().nfsExportRules("photos")).containsExactly(rw, v6);
    assertThat(open().nfsExports()).containsOnlyKeys("photos");
    s.removeNfsExport("photos", ClientRange.parse("::1"));
    assertThat(open().nfsExportRules("photos")).containsExactly(rw);
    assertThatThrownBy(() -> s.removeNfsExport("photos", ClientRange.parse("::1")))
        .hasMessage("clients: '::1/128' (expected: one of the export rules of volume"
            + " 'photos': [10.0.0.0/8])");
    s.putNfsExport("photos", v6);
    s.removeNfsExport("photos", null);
    assertThat(open().nfsExportRules("photos")).isEmpty();
    assertThat(open().nfsExports()).isEmpty();
    assertThat(s.groups()).isEqualTo(List.of());
    assertThat(Set.copyOf(s.list())).isEmpty();
  }
}
