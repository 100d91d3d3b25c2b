package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Ownership;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one table of the permission check: caller class (owner, group, other, member of the volume's
 * group through the grant, uid 0, gateway admin, volume admin) × grant × mode (sticky included) ×
 * operation. Every row is written out by hand from POSIX and the documented roles, never computed.
 * The object (a file or a directory, per operation) is owned by uid 1000, group 100; the volume's
 * group is 100 for {@code vgroup} rows and 999 otherwise.
 */
class AccessCheckerTest {
  private static final Authorizer AUTHZ = new Authorizer();
  private static final AccessChecker CHECK = new AccessChecker(AUTHZ);
  private static final String VOLUME = "vol";

  // who      grant  mode   operation   allowed
  private static final String TABLE = """
      owner     write  0600   read        yes
      owner     write  0600   write       yes
      owner     write  0400   write       no
      owner     write  0070   read        no
      owner     read   0600   read        yes
      owner     read   0600   write       no
      owner     none   0777   read        no
      group     write  0640   read        yes
      group     write  0640   write       no
      group     write  0660   write       yes
      group     write  0604   read        no
      other     write  0640   read        no
      other     write  0644   read        yes
      other     write  0666   write       yes
      other     read   0666   write       no
      vgroup    write  0664   write       yes
      vgroup    write  0600   read        no
      vgroup    write  0600   write       no
      vgroup    read   0664   write       no
      vgroup    read   0640   read        yes
      uid0      write  0000   read        yes
      uid0      write  0000   write       yes
      uid0      none   0777   read        no
      gwadmin   -      0000   read        yes
      gwadmin   -      0000   write       yes
      voladmin  admin  0000   read        yes
      voladmin  admin  0000   write       yes
      voladmin  admin  0000   chmod       yes
      otheradm  write  0600   read        no

      owner     read   0700   search      yes
      owner     read   0600   search      no
      group     read   0750   search      yes
      other     read   0750   search      no
      other     read   0751   search      yes
      other     none   0777   search      no
      uid0      read   0000   search      yes
      voladmin  admin  0000   search      yes
      owner     read   0300   list        no
      owner     read   0400   list        yes
      other     read   0755   list        yes
      other     read   0711   list        no
      voladmin  admin  0000   list        yes

      owner     write  0700   create      yes
      owner     write  0500   create      no
      owner     write  0600   create      no
      owner     read   0700   create      no
      group     write  0775   create      yes
      group     write  0755   create      no
      other     write  0777   create      yes
      other     write  0775   create      no
      vgroup    write  0775   create      yes
      vgroup    read   0775   create      no
      voladmin  admin  0000   create      yes
      gwadmin   -      0000   create      yes
      uid0      write  0000   create      yes

      other     write  0777   remove      yes
      other     write  0775   remove      no
      other     write  01777  remove      no
      other     write  01777  removeOwn   yes
      owner     write  01777  remove      yes
      vgroup    write  0775   remove      yes
      vgroup    write  01775  remove      no
      vgroup    write  01775  removeOwn   yes
      voladmin  admin  01000  remove      yes
      uid0      write  01000  remove      yes
      other     read   0777   remove      no

      owner     write  0000   chmod       yes
      owner     read   0777   chmod       no
      group     write  0777   chmod       no
      other     write  0777   chmod       no
      uid0      write  0000   chmod       yes
      gwadmin   -      0000   chmod       yes
      owner     write  0644   chownUser   no
      owner     write  0644   chownSelf   yes
      owner     write  0644   chgrpOwn    yes
      owner     write  0644   chgrpOther  no
      group     write  0664   chgrpOwn    no
      uid0      write  0000   chownUser   yes
      voladmin  admin  0000   chownUser   yes
      owner     write  0444   times       yes
      other     write  0666   times       no
      other     write  0666   timesNow    yes
      other     write  0644   timesNow    no
      owner     read   0644   times       no
      uid0      write  0000   times       yes
      """;

  @Test
  void table() {
    List<String> failures = new ArrayList<>();
    int rows = 0;
    for (String line : TABLE.strip().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.strip().split("\\s+");
      boolean expected = f[4].equals("yes");
      boolean actual = decide(f[0], f[1], Integer.parseInt(f[2], 8), f[3]);
      rows++;
      if (actual != expected) {
        failures.add(line.strip() + "  -> got " + (actual ? "yes" : "no"));
      }
    }
    assertThat(rows).isEqualTo(85);
    assertThat(failures).as("rows that disagree").isEmpty();
  }

  private static boolean decide(String who, String grant, int mode, String op) {
    Caller c = caller(who, grant);
    boolean dirOp = switch (op) {
      case "search", "list", "create", "remove", "removeOwn" -> true;
      default -> false;
    };
    Attributes obj = attrs(dirOp ? ObjectType.DIRECTORY : ObjectType.FILE, mode, 1000, 100);
    return switch (op) {
      case "read" -> CHECK.mayRead(c, obj);
      case "write" -> CHECK.mayWrite(c, obj);
      case "search" -> CHECK.maySearch(c, obj);
      case "list" -> CHECK.mayList(c, obj);
      case "create" -> CHECK.mayCreateIn(c, obj);
      case "remove" -> CHECK.mayRemove(c, obj, attrs(ObjectType.FILE, 0644, 5000, 100));
      case "removeOwn" -> CHECK.mayRemove(c, obj, attrs(ObjectType.FILE, 0644, c.uid(), 100));
      case "chmod" -> CHECK.mayChangeMode(c, obj);
      case "chownUser" -> CHECK.mayChangeOwner(c, obj, 5000, null);
      case "chownSelf" -> CHECK.mayChangeOwner(c, obj, 1000, null);
      case "chgrpOwn" -> CHECK.mayChangeOwner(c, obj, null, 1000);
      case "chgrpOther" -> CHECK.mayChangeOwner(c, obj, null, 777);
      case "times" -> CHECK.maySetTimes(c, obj, false);
      case "timesNow" -> CHECK.maySetTimes(c, obj, true);
      default -> throw new IllegalArgumentException("op: " + op);
    };
  }

  /** Builds the caller through {@link AccessChecker#caller}, so grants and roles are tested too. */
  private static Caller caller(String who, String grant) {
    Map<String, Permission> grants = grant.equals("none") || grant.equals("-")
        ? Map.of() : Map.of(VOLUME, Permission.parse(grant));
    int volumeGid = who.equals("vgroup") ? 100 : 999;
    Principal p = switch (who) {
      case "owner" -> new Principal("owner", 1000, 1000, false, grants);
      case "group" -> new Principal("group", 2000, 100, false, grants);
      case "other", "vgroup" -> new Principal(who, 3000, 300, false, grants);
      case "uid0" -> new Principal("root", 0, 0, false, grants);
      case "gwadmin" -> new Principal("gwadmin", 4000, 400, true, grants);
      case "voladmin" -> new Principal("voladmin", 4000, 400, false, grants);
      // An admin of another volume is an ordinary user here.
      case "otheradm" -> new Principal("otheradm", 4000, 400, false,
          Map.of(VOLUME, Permission.WRITE, "elsewhere", Permission.ADMIN));
      default -> throw new IllegalArgumentException("who: " + who);
    };
    return CHECK.caller(p, VOLUME, volumeGid);
  }

  static Attributes attrs(ObjectType type, int mode, int uid, int gid) {
    Instant t = Instant.EPOCH;
    return new Attributes(new ObjectId(1, 2), type, mode, uid, gid, 0, 0, t, t, t, t, 1, 2, type == ObjectType.DIRECTORY ? 2 : 1);
  }

  @Test
  void callerCarriesGrantGroupsAndRole() {
    Principal bob = new Principal("bob", 2000, 200, false, Map.of(VOLUME, Permission.WRITE));
    Caller c = CHECK.caller(bob, VOLUME, 555);
    assertThat(c.grant()).isEqualTo(Permission.WRITE);
    assertThat(c.gids()).containsExactlyInAnyOrder(200, 555);
    assertThat(c.root()).isFalse();
    Caller elsewhere = CHECK.caller(bob, "other", 555);
    assertThat(elsewhere.grant()).isNull();
    assertThat(elsewhere.gids()).containsExactly(200); // no grant: not in the volume's group
    assertThat(CHECK.caller(new Principal("a", 4000, 4, true, Map.of()), "any", 1).root()).isTrue();
  }

  @Test
  void searchPathNeedsEveryAncestor() {
    Caller other = caller("other", "read");
    Attributes open = attrs(ObjectType.DIRECTORY, 0755, 1000, 100);
    Attributes closed = attrs(ObjectType.DIRECTORY, 0750, 1000, 100);
    assertThat(CHECK.maySearchPath(other, List.of(open, open))).isTrue();
    assertThat(CHECK.maySearchPath(other, List.of(open, closed, open))).isFalse();
    assertThat(CHECK.maySearchPath(caller("other", "none"), List.of(open))).isFalse();
    // A file in the path is not searchable, whatever its bits.
    assertThat(CHECK.maySearchPath(other, List.of(attrs(ObjectType.FILE, 0777, 1000, 100)))).isFalse();
  }

  @Test
  void createdObjectsMustBeTheCallersUnlessRoot() {
    Caller other = caller("other", "write");
    Attributes dir = attrs(ObjectType.DIRECTORY, 0777, 1000, 100);
    Attributes setgid = attrs(ObjectType.DIRECTORY, 02777, 1000, 100);
    assertThat(CHECK.mayCreateAs(other, dir, new Ownership(3000, 300))).isTrue();
    assertThat(CHECK.mayCreateAs(other, dir, new Ownership(3000, 100))).isFalse();
    assertThat(CHECK.mayCreateAs(other, setgid, new Ownership(3000, 100))).isTrue();
    assertThat(CHECK.mayCreateAs(other, dir, new Ownership(1000, 300))).isFalse();
    assertThat(CHECK.mayCreateAs(caller("voladmin", "admin"), null, new Ownership(1, 1))).isTrue();
    assertThat(CHECK.mayCreateAs(caller("other", "read"), null, new Ownership(3000, 300))).isFalse();
  }

  @Test
  void deniedNamesCallerObjectAndExpectation() {
    Caller other = caller("other", "write");
    Attributes f = attrs(ObjectType.FILE, 0600, 1000, 100);
    var e = CHECK.denied(other, VOLUME, "read", f, Permission.READ, "read permission",
        ErrorKind.ACCESS_DENIED);
    assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
    assertThat(e.getMessage()).contains("user 'other' (uid 3000) on volume 'vol': may not read file")
        .contains("(mode 0600, owner 1000:100; expected: read permission)");
    var g = CHECK.denied(caller("other", "read"), VOLUME, "write", f, Permission.WRITE,
        "write permission", ErrorKind.ACCESS_DENIED);
    assertThat(g.getMessage()).endsWith("no write permission (expected: a grant of write or higher)");
  }
}
