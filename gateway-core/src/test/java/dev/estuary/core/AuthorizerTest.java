package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
  private final Authorizer authz = new Authorizer();

  @Test
  void grantsIncludeLowerPermissionsOnTheirVolumeOnly() {
    Principal p = new Principal("alice", 1000, 1000, false,
        Map.of("photos", Permission.WRITE, "docs", Permission.READ));
    assertThat(authz.allows(p, "photos", Permission.READ)).isTrue();
    assertThat(authz.allows(p, "photos", Permission.WRITE)).isTrue();
    assertThat(authz.allows(p, "photos", Permission.ADMIN)).isFalse();
    assertThat(authz.allows(p, "docs", Permission.READ)).isTrue();
    assertThat(authz.allows(p, "docs", Permission.WRITE)).isFalse();
    assertThat(authz.allows(p, "other", Permission.READ)).isFalse();
  }

  @Test
  void nothingWithoutAGrantWildcardAndAdmin() {
    Principal none = new Principal("nobody", 1001, 1001, false, Map.of());
    assertThat(authz.allows(none, "photos", Permission.READ)).isFalse();
    Principal wild = new Principal("reader", 1002, 1002, false,
        Map.of(Authorizer.ALL_VOLUMES, Permission.READ, "scratch", Permission.ADMIN));
    assertThat(authz.allows(wild, "anything", Permission.READ)).isTrue();
    assertThat(authz.allows(wild, "anything", Permission.WRITE)).isFalse();
    assertThat(authz.allows(wild, "scratch", Permission.ADMIN)).isTrue();
    Principal admin = new Principal("root", 1003, 1003, true, Map.of());
    assertThat(authz.allows(admin, "anything", Permission.ADMIN)).isTrue();
  }

  @Test
  void checkThrowsAccessDeniedNamingUserVolumeAndPermission() {
    Principal p = new Principal("alice", 1000, 1000, false, Map.of("photos", Permission.READ));
    authz.check(p, "photos", Permission.READ);
    assertThatThrownBy(() -> authz.check(p, "photos", Permission.WRITE))
        .isInstanceOfSatisfying(DfsException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED))
        .hasMessageContaining("user 'alice' on volume 'photos': no write permission");
  }

  @Test
  void permissionParsing() {
    assertThat(Permission.parse(" Admin ")).isEqualTo(Permission.ADMIN);
    assertThatThrownBy(() -> Permission.parse("rw"))
        .hasMessage("permission: 'rw' (expected: read, write or admin)");
  }
}
