package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ProtocolMessageEnum;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.SeekKind;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.XattrMode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The codec sends enums as their Java ordinal: each proto enum must list the Java enum's
 * constants in the same order, prefixed with the enum's name (proto style), and nothing else.
 */
class WireEnumsTest {
  private static void assertMirrors(Class<? extends Enum<?>> java, ProtocolMessageEnum[] proto, String prefix) {
    List<String> expected = Arrays.stream(java.getEnumConstants()).map(e -> prefix + e.name()).toList();
    List<String> actual = Arrays.stream(proto)
        .filter(p -> !p.toString().equals("UNRECOGNIZED"))
        .map(p -> p.getValueDescriptor().getName() + "=" + p.getNumber()).toList();
    List<String> expectedNumbered = new java.util.ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      expectedNumbered.add(expected.get(i) + "=" + i);
    }
    assertThat(actual).as("proto enum of %s", java.getSimpleName()).isEqualTo(expectedNumbered);
  }

  @Test
  void everyProtoEnum_mirrorsItsJavaEnumByOrdinal() {
    assertMirrors(ObjectType.class, dev.estuary.dfs.remote.internal.proto.ObjectType.values(), "OBJECT_TYPE_");
    assertMirrors(Capability.class, dev.estuary.dfs.remote.internal.proto.Capability.values(), "CAPABILITY_");
    assertMirrors(RemoveKind.class, dev.estuary.dfs.remote.internal.proto.RemoveKind.values(), "REMOVE_KIND_");
    assertMirrors(RenameMode.class, dev.estuary.dfs.remote.internal.proto.RenameMode.values(), "RENAME_MODE_");
    assertMirrors(OpenMode.class, dev.estuary.dfs.remote.internal.proto.OpenMode.values(), "OPEN_MODE_");
    assertMirrors(SeekKind.class, dev.estuary.dfs.remote.internal.proto.SeekKind.values(), "SEEK_KIND_");
    assertMirrors(XattrMode.class, dev.estuary.dfs.remote.internal.proto.XattrMode.values(), "XATTR_MODE_");
    assertMirrors(WatchScope.class, dev.estuary.dfs.remote.internal.proto.WatchScope.values(), "WATCH_SCOPE_");
    assertMirrors(ChangeKind.class, dev.estuary.dfs.remote.internal.proto.ChangeKind.values(), "CHANGE_KIND_");
    assertMirrors(LockStyle.class, dev.estuary.dfs.remote.internal.proto.LockStyle.values(), "LOCK_STYLE_");
    assertMirrors(LockType.class, dev.estuary.dfs.remote.internal.proto.LockType.values(), "LOCK_TYPE_");
    assertMirrors(ShareAccess.class, dev.estuary.dfs.remote.internal.proto.ShareAccess.values(), "SHARE_ACCESS_");
    assertMirrors(RetentionMode.class, dev.estuary.dfs.remote.internal.proto.RetentionMode.values(), "RETENTION_MODE_");
  }
}
