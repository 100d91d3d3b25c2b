package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.XattrMode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Extended attributes ({@link Capability#XATTRS}) on files, directories, symlinks and the root. */
public abstract class XattrContract extends DfsContractSupport {

  @BeforeEach
  void requireXattrs() {
    assumeCapability(Capability.XATTRS);
  }

  private List<ObjectId> everyType() {
    return List.of(
        createFile(root, "f").id(),
        mkdir(root, "d").id(),
        volume.symlink(root, "l", "f", OWNER).id(),
        root);
  }

  @Test
  void setAndGet_onEveryType_roundTripsTheValue() {
    for (ObjectId id : everyType()) {
      byte[] value = randomBytes(300, id.lo());

      volume.setXattr(id, "user.etag", value, XattrMode.UPSERT);

      assertThat(volume.getXattr(id, "user.etag")).as("xattr of %s", id).isEqualTo(value);
      assertThat(volume.listXattrs(id)).containsExactly("user.etag");
    }
  }

  @Test
  void setAndGet_valuesAreCopiedInAndOut() {
    ObjectId f = createFile(root, "f").id();
    byte[] value = {1, 2, 3};

    volume.setXattr(f, "user.k", value, XattrMode.UPSERT);
    value[0] = 9;
    volume.getXattr(f, "user.k")[1] = 9;

    assertThat(volume.getXattr(f, "user.k")).containsExactly(1, 2, 3);
  }

  @Test
  void set_emptyValue_isStoredAsEmpty() {
    ObjectId f = createFile(root, "f").id();

    volume.setXattr(f, "user.empty", new byte[0], XattrMode.CREATE);

    assertThat(volume.getXattr(f, "user.empty")).isEmpty();
    assertThat(volume.listXattrs(f)).containsExactly("user.empty");
  }

  @Test
  void listXattrs_several_isSortedAndEmptyWhenNone() {
    ObjectId f = createFile(root, "f").id();
    assertThat(volume.listXattrs(f)).isEmpty();
    for (String name : List.of("user.b", "user.a", "security.x", "trusted.z", "user.A")) {
      volume.setXattr(f, name, new byte[] {1}, XattrMode.CREATE);
    }

    assertThat(volume.listXattrs(f))
        .containsExactly("security.x", "trusted.z", "user.A", "user.a", "user.b");
  }

  @Test
  void create_existingName_failsExistsAndKeepsTheValue() {
    ObjectId f = createFile(root, "f").id();
    volume.setXattr(f, "user.k", new byte[] {1}, XattrMode.CREATE);

    assertKind(ErrorKind.EXISTS, () -> volume.setXattr(f, "user.k", new byte[] {2}, XattrMode.CREATE));

    assertThat(volume.getXattr(f, "user.k")).containsExactly(1);
  }

  @Test
  void replace_missingName_failsNoSuchXattr() {
    ObjectId f = createFile(root, "f").id();

    assertKind(
        ErrorKind.NO_SUCH_XATTR,
        () -> volume.setXattr(f, "user.k", new byte[] {2}, XattrMode.REPLACE));

    assertThat(volume.listXattrs(f)).isEmpty();
  }

  @Test
  void replaceAndUpsert_existingName_overwriteTheValue() {
    ObjectId f = createFile(root, "f").id();
    volume.setXattr(f, "user.k", randomBytes(1000, 1), XattrMode.UPSERT);

    volume.setXattr(f, "user.k", new byte[] {2}, XattrMode.REPLACE);
    assertThat(volume.getXattr(f, "user.k")).containsExactly(2);
    volume.setXattr(f, "user.k", new byte[] {3, 3}, XattrMode.UPSERT);
    assertThat(volume.getXattr(f, "user.k")).containsExactly(3, 3);
  }

  @Test
  void getAndRemove_missingName_failNoSuchXattr() {
    ObjectId f = createFile(root, "f").id();
    volume.setXattr(f, "user.other", new byte[] {1}, XattrMode.UPSERT);

    assertKind(ErrorKind.NO_SUCH_XATTR, () -> volume.getXattr(f, "user.k"));
    assertKind(ErrorKind.NO_SUCH_XATTR, () -> volume.removeXattr(f, "user.k"));
  }

  @Test
  void remove_existingName_removesOnlyThatOne() {
    ObjectId f = createFile(root, "f").id();
    volume.setXattr(f, "user.a", new byte[] {1}, XattrMode.UPSERT);
    volume.setXattr(f, "user.b", new byte[] {2}, XattrMode.UPSERT);

    volume.removeXattr(f, "user.a");

    assertThat(volume.listXattrs(f)).containsExactly("user.b");
    assertKind(ErrorKind.NO_SUCH_XATTR, () -> volume.getXattr(f, "user.a"));
  }

  @Test
  void name_of255BytesIsAcceptedAnd256RejectedWithXattrTooLarge() {
    ObjectId f = createFile(root, "f").id();
    String max = "user." + "\u20ac".repeat(83) + "x"; // 5 + 249 + 1
    String over = "user." + "\u20ac".repeat(83) + "xy";
    assertThat(utf8Length(max)).isEqualTo(Limits.MAX_XATTR_NAME_BYTES);

    volume.setXattr(f, max, new byte[] {1}, XattrMode.CREATE);
    assertKind(ErrorKind.XATTR_TOO_LARGE, () -> volume.setXattr(f, over, new byte[] {1}, XattrMode.CREATE));

    assertThat(volume.listXattrs(f)).containsExactly(max);
    assertThat(volume.getXattr(f, max)).containsExactly(1);
  }

  @Test
  void value_of64KiBIsAcceptedAndOneByteMoreRejectedWithXattrTooLarge() {
    ObjectId f = createFile(root, "f").id();
    byte[] max = randomBytes(Limits.MAX_XATTR_VALUE_BYTES, 2);

    volume.setXattr(f, "user.big", max, XattrMode.CREATE);
    assertKind(
        ErrorKind.XATTR_TOO_LARGE,
        () -> volume.setXattr(f, "user.big", new byte[Limits.MAX_XATTR_VALUE_BYTES + 1], XattrMode.UPSERT));

    assertThat(volume.getXattr(f, "user.big")).isEqualTo(max);
  }

  @Test
  void name_emptyOrWithNul_failsInvalidArgument() {
    ObjectId f = createFile(root, "f").id();

    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.setXattr(f, "", new byte[0], XattrMode.UPSERT));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.setXattr(f, "a\0b", new byte[0], XattrMode.UPSERT));
    assertThat(volume.listXattrs(f)).isEmpty();
  }

  @Test
  void xattrs_followTheObjectThroughRenameAndExchange() {
    ObjectId a = createFile(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    volume.setXattr(a, "user.who", new byte[] {'a'}, XattrMode.UPSERT);
    volume.setXattr(b, "user.who", new byte[] {'b'}, XattrMode.UPSERT);

    volume.rename(root, "a", root, "moved", RenameMode.NO_REPLACE);
    assertThat(volume.getXattr(a, "user.who")).containsExactly('a');
    if (dfs.capabilities().contains(Capability.RENAME_EXCHANGE)) {
      volume.rename(root, "moved", root, "b", RenameMode.EXCHANGE);
      assertThat(volume.getXattr(volume.lookup(root, "b").id(), "user.who")).containsExactly('a');
      assertThat(volume.getXattr(volume.lookup(root, "moved").id(), "user.who"))
          .containsExactly('b');
    }
  }

  @Test
  void xattrs_ofRemovedObject_failStale() {
    ObjectId f = createFile(root, "f").id();
    volume.setXattr(f, "user.k", new byte[] {1}, XattrMode.UPSERT);
    volume.remove(root, "f", RemoveKind.ANY);

    assertKind(ErrorKind.STALE, () -> volume.getXattr(f, "user.k"));
    assertKind(ErrorKind.STALE, () -> volume.listXattrs(f));
    assertKind(ErrorKind.STALE, () -> volume.setXattr(f, "user.k", new byte[0], XattrMode.UPSERT));
  }

  @Test
  void xattrs_doNotLeakToANewObjectOfTheSameName() {
    ObjectId f = createFile(root, "f").id();
    volume.setXattr(f, "user.k", new byte[] {1}, XattrMode.UPSERT);
    volume.remove(root, "f", RemoveKind.ANY);

    ObjectId again = createFile(root, "f").id();

    assertThat(volume.listXattrs(again)).isEmpty();
  }
}
