package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.estuary.dfs.Volume#readSmall}: the answers of open, the handle's attributes, the
 * xattr listing and reads, and the whole content up to a limit, in one call; the same errors as
 * {@link dev.estuary.dfs.Volume#open}; never an answer older than the calls before it.
 */
public abstract class SmallReadContract extends DfsContractSupport {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readSmall_smallFile_returnsContentAttributesNamesAndTheAskedValues() {
    assumeCapability(Capability.XATTRS);
    byte[] content = randomBytes(5000, 7);
    ObjectId f = createFile(root, "f", content).id();
    volume.setXattr(f, "user.a", utf8("1"), XattrMode.UPSERT);
    volume.setXattr(f, "user.b", utf8("22"), XattrMode.UPSERT);
    volume.setXattr(f, "user.c", utf8("333"), XattrMode.UPSERT);
    Attributes now = volume.getAttributes(f);

    SmallRead r = volume.readSmall(f, 8192, Set.of("user.a", "user.b", "user.missing"));

    assertThat(r.data()).isEqualTo(content);
    assertThat(r.attributes().id()).isEqualTo(f);
    assertThat(r.attributes().size()).isEqualTo(5000);
    assertThat(r.attributes().change()).isEqualTo(now.change());
    assertThat(r.attributes().modifyTime()).isEqualTo(now.modifyTime());
    assertThat(r.xattrNames()).isEqualTo(volume.listXattrs(f))
        .containsExactly("user.a", "user.b", "user.c");
    assertThat(r.xattrs()).containsOnlyKeys("user.a", "user.b");
    assertThat(r.xattrs().get("user.a")).isEqualTo(utf8("1"));
    assertThat(r.xattrs().get("user.b")).isEqualTo(utf8("22"));
  }

  @Test
  void readSmall_sizeAboveTheLimit_returnsAttributesWithoutData_atTheLimitTheContent() {
    byte[] content = randomBytes(5000, 8);
    ObjectId f = createFile(root, "f", content).id();

    SmallRead above = volume.readSmall(f, 4999, Set.of());
    SmallRead at = volume.readSmall(f, 5000, Set.of());

    assertThat(above.data()).isNull();
    assertThat(above.attributes().size()).isEqualTo(5000);
    assertThat(at.data()).isEqualTo(content);
  }

  @Test
  void readSmall_emptyFile_returnsEmptyContent() {
    ObjectId f = createFile(root, "f").id();

    SmallRead r = volume.readSmall(f, 0, Set.of());

    assertThat(r.data()).isNotNull().isEmpty();
    assertThat(r.xattrs()).isEmpty();
  }

  @Test
  void readSmall_sparseFile_readsTheHoleAsZeros() {
    ObjectId f = createFile(root, "f").id();
    write(f, 3000, utf8("end"));

    SmallRead r = volume.readSmall(f, 4096, Set.of());

    byte[] expected = new byte[3003];
    System.arraycopy(utf8("end"), 0, expected, 3000, 3);
    assertThat(r.data()).isEqualTo(expected);
  }

  @Test
  void readSmall_seesEveryChangeMadeBeforeIt() {
    assumeCapability(Capability.XATTRS);
    ObjectId f = createFile(root, "f", utf8("old")).id();
    volume.setXattr(f, "user.v", utf8("1"), XattrMode.UPSERT);
    assertThat(volume.readSmall(f, 100, Set.of("user.v")).data()).isEqualTo(utf8("old"));

    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(utf8("new!")));
    }
    volume.setXattr(f, "user.v", utf8("2"), XattrMode.REPLACE);
    SmallRead r = volume.readSmall(f, 100, Set.of("user.v"));

    assertThat(r.data()).isEqualTo(utf8("new!"));
    assertThat(r.attributes().size()).isEqualTo(4);
    assertThat(r.xattrs().get("user.v")).isEqualTo(utf8("2"));
  }

  @Test
  void readSmall_directoryAndSymlink_failAsOpenDoes() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId l = volume.symlink(root, "l", "d", OWNER).id();

    assertKind(ErrorKind.IS_DIRECTORY, () -> volume.readSmall(d, 100, Set.of()));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.readSmall(l, 100, Set.of()));
  }

  @Test
  void readSmall_removedFile_failsAsOpenDoes() {
    ObjectId f = createFile(root, "f", utf8("x")).id();
    volume.remove(root, "f", RemoveKind.ANY);
    DfsException byOpen = assertAnyKind(List.of(ErrorKind.values()), () -> volume.open(f, OpenMode.READ));

    assertKind(byOpen.kind(), () -> volume.readSmall(f, 100, Set.of()));
  }

  @Test
  void readSmall_argumentsOutOfBounds_failInvalidArgumentNamingThem() {
    ObjectId f = createFile(root, "f", utf8("x")).id();
    Set<String> tooMany = new HashSet<>();
    for (int i = 0; i <= Limits.MAX_SMALL_READ_XATTRS; i++) {
      tooMany.add("user.n" + i);
    }

    assertThat(assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.readSmall(f, -1, Set.of()))
        .getMessage()).contains("maxBytes: -1");
    assertThat(assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> volume.readSmall(f, Limits.MAX_SMALL_READ_BYTES + 1, Set.of())).getMessage())
        .contains("maxBytes");
    assertThat(assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.readSmall(f, 10, tooMany))
        .getMessage()).contains("xattrs: " + tooMany.size() + " names");
    assertThatThrownBy(() -> volume.readSmall(f, 10, Set.of(""))).isInstanceOf(DfsException.class);
  }

  @Test
  void readSmall_largestAllowedFile_returnsItWhole() {
    byte[] content = randomBytes(Limits.MAX_SMALL_READ_BYTES, 9);
    ObjectId f = createFile(root, "f", content).id();

    assertThat(volume.readSmall(f, Limits.MAX_SMALL_READ_BYTES, Set.of()).data()).isEqualTo(content);
  }
}
