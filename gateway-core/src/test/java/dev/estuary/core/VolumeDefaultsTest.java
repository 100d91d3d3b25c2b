package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-volume defaults: stored form, validation, fallback, persistence across a restart. */
class VolumeDefaultsTest {
  @TempDir Path tmp;

  private Dfs open() {
    return new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
  }

  @Test
  void storedFormRoundTripsAndIsChecked() {
    VolumeDefaults d = new VolumeDefaults(0640, 02770, (int) 4_000_000_000L);
    assertThat(d.encode()).isEqualTo("file-mode=0640 dir-mode=02770 gid=4000000000");
    assertThat(VolumeDefaults.decode(d.encode())).isEqualTo(d);
    assertThat(VolumeDefaults.decode(" gid=7  dir-mode=0775 file-mode=0664\n"))
        .isEqualTo(new VolumeDefaults(0664, 0775, 7));
    assertThat(VolumeDefaults.decode("file-mode=0600\t\tdir-mode=0700 \r\u000B\f gid=3"))
        .isEqualTo(new VolumeDefaults(0600, 0700, 3));
    assertThatThrownBy(() -> VolumeDefaults.decode(" "))
        .hasMessage("field: '' (expected: each of file-mode=OCTAL dir-mode=OCTAL gid=N once)");
    assertThatThrownBy(() -> VolumeDefaults.decode("file-mode=0664 dir-mode=0775 gid=1 x=2"))
        .hasMessageStartingWith("fields: ");
    assertThatThrownBy(() -> VolumeDefaults.decode("file-mode=012345 dir-mode=0775 gid=1"))
        .hasMessage("file-mode: '012345' (expected: octal digits, e.g. 0664)");
    assertThatThrownBy(() -> VolumeDefaults.decode("file-mode=0664 dir-mode=0775"))
        .hasMessage("fields: [file-mode, dir-mode] (expected: file-mode, dir-mode and gid)");
    assertThatThrownBy(() -> VolumeDefaults.decode("file-mode=0664 file-mode=0664 gid=1"))
        .hasMessageContaining("field: 'file-mode=0664' (expected: each of");
    assertThatThrownBy(() -> VolumeDefaults.decode("file-mode=9 dir-mode=0775 gid=1"))
        .hasMessage("file-mode: '9' (expected: octal digits, e.g. 0664)");
    assertThatThrownBy(() -> new VolumeDefaults(01644, 0775, 1))
        .hasMessage("fileMode: 01644 (expected: permission bits within 0777)");
    assertThatThrownBy(() -> VolumeDefaults.parseId("gid", "-1"))
        .hasMessage("gid: '-1' (expected: a decimal id from 0 to 4294967295)");
  }

  @Test
  void aVolumeWithoutStoredDefaultsUsesTheBuiltInModesAndItsRootGroup() {
    try (Dfs dfs = open()) {
      dfs.createVolume("old", 0755, new Ownership(1000, 55));
      assertThat(VolumeDefaults.read(dfs.volume("old"))).isEqualTo(new VolumeDefaults(0664, 0775, 55));
    }
  }

  @Test
  void createdVolumesKeepTheirDefaultsAcrossARestart() {
    try (Dfs dfs = open()) {
      new VolumeDefaults(0600, 0700, 9).createVolume(dfs, "lab", 1000);
      assertThatThrownBy(() -> new VolumeDefaults(0600, 0700, 9).createVolume(dfs, "lab", 1000))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EXISTS));
    }
    try (Dfs dfs = open()) {
      Volume v = dfs.volume("lab");
      assertThat(VolumeDefaults.read(v)).isEqualTo(new VolumeDefaults(0600, 0700, 9));
      assertThat(v.getAttributes(v.root()).mode()).isEqualTo(0700);
      // A damaged value fails closed instead of guessing.
      v.setXattr(v.root(), VolumeDefaults.XATTR, "file-mode=0664".getBytes(StandardCharsets.UTF_8),
          XattrMode.UPSERT);
      assertThatThrownBy(() -> VolumeDefaults.read(v)).isInstanceOfSatisfying(DfsException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.IO_ERROR);
        assertThat(e.getMessage()).startsWith("volume 'lab': root xattr estuary.volume.defaults is damaged");
      });
    }
  }
}
