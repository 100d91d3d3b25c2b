package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSE-S3 master key file: created 0600 at first use, refused when wider, rotation. */
class MasterKeysTest {
  @TempDir Path data;

  @Test
  void createdAtFirstUseWithMode0600() throws Exception {
    MasterKeys k = MasterKeys.open(data, new SecureRandom());
    assertThat(Files.exists(data.resolve(MasterKeys.FILE_NAME))).isFalse();
    assertThat(k.ids()).isEmpty();
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);
    MasterKeys.Wrapped w = k.wrap(dataKey);
    assertThat(w.keyId()).isEqualTo(1);
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(data.resolve(MasterKeys.FILE_NAME)))).isEqualTo("rw-------");
    assertThat(k.unwrap(w)).isEqualTo(dataKey);
    // The file holds the master key, not the data key.
    assertThat(Files.readString(data.resolve(MasterKeys.FILE_NAME)))
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(dataKey));
  }

  @Test
  void aWiderModeIsRefused() throws Exception {
    MasterKeys.open(data, new SecureRandom()).rotate();
    Path f = data.resolve(MasterKeys.FILE_NAME);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> MasterKeys.open(data, new SecureRandom()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rw-r--r--").hasMessageContaining("0600");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertThat(MasterKeys.open(data, new SecureRandom()).ids()).containsExactly(1);
  }

  @Test
  void rotationWrapsNewKeysWithTheNewMasterAndOldOnesStillUnwrap() {
    MasterKeys server = MasterKeys.open(data, new SecureRandom());
    byte[] a = new byte[32];
    a[0] = 1;
    MasterKeys.Wrapped wa = server.wrap(a);
    // Another instance (the admin API, the CLI) rotates; the server sees it without a restart.
    int id = MasterKeys.open(data, new SecureRandom()).rotate();
    assertThat(id).isEqualTo(2);
    byte[] b = new byte[32];
    b[0] = 2;
    MasterKeys.Wrapped wb = server.wrap(b);
    assertThat(wb.keyId()).isEqualTo(2);
    assertThat(server.unwrap(wa)).isEqualTo(a);
    assertThat(server.unwrap(wb)).isEqualTo(b);
    assertThat(server.ids()).containsExactly(1, 2);
  }

  @Test
  void anAlteredWrappedKeyOrUnknownIdIsRefused() {
    MasterKeys k = MasterKeys.open(data, new SecureRandom());
    MasterKeys.Wrapped w = k.wrap(new byte[32]);
    byte[] bad = w.wrapped();
    bad[bad.length - 1] ^= 1;
    assertThatThrownBy(() -> k.unwrap(new MasterKeys.Wrapped(w.keyId(), bad)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not authenticate");
    assertThatThrownBy(() -> k.unwrap(new MasterKeys.Wrapped(7, w.wrapped())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("id: 7");
  }
}
