package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CodecTest {
  private static final ObjectId ID = new ObjectId(0x0102030405060708L, 0x1112131415161718L);
  private static final ObjectId PARENT = new ObjectId(0x0102030405060708L, 0x21L);

  @Test
  void idKeyIsBigEndianAndSortsUnsigned() {
    assertThat(HexFormat.of().formatHex(Codec.idKey(ID)))
        .isEqualTo("01020304050607081112131415161718");
    assertThat(Codec.readId(Codec.idKey(ID), 0)).isEqualTo(ID);
    byte[] small = Codec.idKey(new ObjectId(1, 0x7fffffffffffffffL));
    byte[] large = Codec.idKey(new ObjectId(1, 0x8000000000000000L));
    assertThat(java.util.Arrays.compareUnsigned(small, large)).isNegative();
  }

  @Test
  void nameKeyHoldsUtf8AfterTheId() {
    byte[] key = Codec.nameKey(PARENT, "é");
    assertThat(key).hasSize(18);
    assertThat(HexFormat.of().formatHex(key, 16, 18)).isEqualTo("c3a9");
    assertThat(Codec.keyName(key)).isEqualTo("é");
  }

  @Test
  void prefixEndCarries() {
    assertThat(Codec.prefixEnd(new byte[] {1, 2})).containsExactly(1, 3);
    assertThat(Codec.prefixEnd(new byte[] {1, (byte) 0xff})).containsExactly(2);
    assertThatThrownBy(() -> Codec.prefixEnd(new byte[] {(byte) 0xff}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inodeRoundTripsWithEveryField() {
    Instant t1 = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
    Instant t2 = Instant.ofEpochSecond(-5, 1);
    Inode symlink = new Inode(ID, ObjectType.SYMLINK, Inode.ORPHAN, 0777, -2, 7, 5, 0, t1, t2, t1,
        t2, 1L << 45, 0, 0, 42, PARENT, "ñame", "../tårget");
    assertThat(Codec.decodeInode(ID, Codec.encodeInode(symlink))).isEqualTo(symlink);
    Inode root = new Inode(ID, ObjectType.DIRECTORY, 0, 01777, 0, 0, 3, 0, t1, t1, t1, t1, 9, 7,
        Long.MAX_VALUE, 0, null, null, null);
    assertThat(Codec.decodeInode(ID, Codec.encodeInode(root))).isEqualTo(root);
  }

  @Test
  void inodeGoldenBytes() {
    Instant t = Instant.ofEpochSecond(1, 2);
    Inode file = new Inode(ID, ObjectType.FILE, Inode.INLINE, 0644, 1, 2, 3, 4, t, t, t, t, 5, 6, 7,
        8, PARENT, "a", null);
    String hex = HexFormat.of().formatHex(Codec.encodeInode(file));
    assertThat(hex).isEqualTo(
        "03" + "00" + "01" + "000001a4" + "00000001" + "00000002"
            + "0000000000000003" + "0000000000000004"
            + ("0000000000000001" + "00000002").repeat(4)
            + "0000000000000005" + "00000006" + "0000000000000007" + "0000000000000008"
            + "0102030405060708" + "0000000000000021"
            + "0001" + "61" + "ffff");
  }

  @Test
  void entryCarriesTheInodeCopyWithoutItsLocation() {
    Instant t = Instant.ofEpochSecond(1, 2);
    Inode file = new Inode(ID, ObjectType.FILE, Inode.INLINE, 0644, 1, 2, 3, 4, t, t, t, t, 5, 6, 7,
        8, PARENT, "a", null);
    byte[] value = Codec.encodeEntry(file);
    // The entry part first, as before the copy: child id, type, position.
    assertThat(Codec.decodeEntry(value)).isEqualTo(new MetaCache.Entry(ID, ObjectType.FILE, 8));
    String hex = HexFormat.of().formatHex(value);
    assertThat(hex).isEqualTo(
        "01020304050607081112131415161718" + "00" + "0000000000000008"
            + "03" + "00" + "01" + "000001a4" + "00000001" + "00000002"
            + "0000000000000003" + "0000000000000004"
            + ("0000000000000001" + "00000002").repeat(4)
            + "0000000000000005" + "00000006" + "0000000000000007" + "0000000000000008"
            + "ffff");
    // The location comes from the key: the copy decodes to the very inode.
    assertThat(Codec.decodeEntryInode(PARENT, "a", value)).isEqualTo(file);
    Inode link = new Inode(ID, ObjectType.SYMLINK, 0, 0777, 0, 0, 9, 0, t, t, t, t, 5, 0, 0, 3,
        PARENT, "ñ", "../tårget");
    assertThat(Codec.decodeEntryInode(PARENT, "ñ", Codec.encodeEntry(link))).isEqualTo(link);
  }

  @Test
  void entryWithoutTheCopyDecodesToNoInode() {
    byte[] value = Codec.encodeEntry(ID, ObjectType.FILE, 8);
    assertThat(value).hasSize(Codec.ENTRY_BYTES);
    assertThat(Codec.decodeEntryInode(PARENT, "a", value)).isNull();
    assertThat(Codec.decodeEntry(value)).isEqualTo(new MetaCache.Entry(ID, ObjectType.FILE, 8));
  }

  @Test
  void damagedEntryCopyIsAnIoError() {
    Instant t = Instant.ofEpochSecond(1, 2);
    Inode file = new Inode(ID, ObjectType.FILE, 0, 0644, 1, 2, 3, 4, t, t, t, t, 5, 6, 7, 8,
        PARENT, "a", null);
    byte[] value = Codec.encodeEntry(file);
    byte[] truncated = java.util.Arrays.copyOf(value, value.length - 3);
    assertThatThrownBy(() -> Codec.decodeEntryInode(PARENT, "a", truncated))
        .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO_ERROR));
    byte[] longer = java.util.Arrays.copyOf(value, value.length + 1);
    assertThatThrownBy(() -> Codec.decodeEntryInode(PARENT, "a", longer))
        .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.getMessage()).contains("1 bytes too many"));
  }

  @Test
  void damagedInodeIsAnIoError() {
    assertThatThrownBy(() -> Codec.decodeInode(ID, new byte[] {1, 0}))
        .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO_ERROR));
    assertThatThrownBy(() -> Codec.decodeInode(ID, new byte[] {9}))
        .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO_ERROR));
  }

  @Test
  void volumeAndEntryRoundTrip() {
    VolumeRecord r = new VolumeRecord("photos", 42, ID, Instant.ofEpochSecond(10, 20));
    assertThat(Codec.decodeVolume("photos", Codec.encodeVolume(r))).isEqualTo(r);
    byte[] entry = Codec.encodeEntry(ID, ObjectType.DIRECTORY, 1L << 62);
    assertThat(Codec.readId(entry, 0)).isEqualTo(ID);
    assertThat(Codec.entryType(entry)).isEqualTo(ObjectType.DIRECTORY);
    assertThat(Codec.decodeEntry(entry)).isEqualTo(new MetaCache.Entry(ID, ObjectType.DIRECTORY, 1L << 62));
    assertThatThrownBy(() -> Codec.decodeEntry(Arrays.copyOf(entry, 17)))
        .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO_ERROR));
    assertThat(Codec.decodeLong(Codec.encodeLong(-3))).isEqualTo(-3);
  }

  @Test
  void positionKeysSortByPositionWithinTheirDirectory() {
    byte[] a = Codec.positionKey(PARENT, 3);
    byte[] b = Codec.positionKey(PARENT, 256);
    byte[] c = Codec.positionKey(PARENT, Long.MAX_VALUE);
    assertThat(Arrays.compareUnsigned(a, b)).isNegative();
    assertThat(Arrays.compareUnsigned(b, c)).isNegative();
    assertThat(Arrays.copyOf(a, 16)).isEqualTo(Codec.idKey(PARENT));
    byte[] v = Codec.encodePositioned(ID, ObjectType.FILE, "ñ");
    assertThat(Codec.positionedName(v)).isEqualTo("ñ");
    assertThat(Codec.readId(v, 0)).isEqualTo(ID);
    assertThat(Codec.entryType(v)).isEqualTo(ObjectType.FILE);
  }

  @Test
  void foldedKeysGroupTheNamesThatFoldEqualUnderOnePrefix() {
    byte[] prefix = Codec.foldedPrefix(PARENT, "straße");
    byte[] upper = Codec.foldedKey(PARENT, "STRAẞE");
    byte[] lower = Codec.foldedKey(PARENT, "straße");
    byte[] longer = Codec.foldedKey(PARENT, "straßen");
    assertThat(Arrays.copyOf(upper, prefix.length)).isEqualTo(prefix);
    assertThat(Arrays.copyOf(lower, prefix.length)).isEqualTo(prefix);
    // A longer folded name has a letter, not the NUL, after the common part: another group.
    assertThat(Arrays.copyOf(longer, prefix.length)).isNotEqualTo(prefix);
    assertThat(Codec.foldedKeyName(upper)).isEqualTo("STRAẞE");
    assertThat(Codec.foldedKeyName(lower)).isEqualTo("straße");
  }

  @Test
  void retentionRoundTripsAndDamageIsIoError() {
    Instant until = Instant.parse("2030-01-01T00:00:00.123456789Z");
    for (dev.estuary.dfs.Retention r : java.util.List.of(dev.estuary.dfs.Retention.NONE,
        new dev.estuary.dfs.Retention(dev.estuary.dfs.RetentionMode.GOVERNANCE, until, false),
        new dev.estuary.dfs.Retention(dev.estuary.dfs.RetentionMode.COMPLIANCE, until, true),
        new dev.estuary.dfs.Retention(null, null, true))) {
      assertThat(Codec.decodeRetention(ID, Codec.encodeRetention(r))).isEqualTo(r);
    }
    byte[] good = Codec.encodeRetention(
        new dev.estuary.dfs.Retention(dev.estuary.dfs.RetentionMode.COMPLIANCE, until, false));
    byte[] badMode = good.clone();
    badMode[1] = 3;
    for (byte[] bad : java.util.List.of(Arrays.copyOf(good, good.length - 1), badMode,
        Arrays.copyOf(good, good.length + 1), new byte[] {9, 0, 0})) {
      assertThatThrownBy(() -> Codec.decodeRetention(ID, bad)).isInstanceOfSatisfying(
          DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO_ERROR));
    }
  }
}
