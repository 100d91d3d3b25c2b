package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The fixed binary encoding of every key and value the engine stores in RocksDB. All integers are
 * big-endian, so that keys sort as unsigned numbers under RocksDB's bytewise comparator.
 *
 * <p>An object id is 16 bytes: the 8-byte volume id ({@code hi}) then an 8-byte serial ({@code
 * lo}). Every per-object key begins with the id, so every key of a volume begins with its 8-byte
 * volume id and a volume is deleted with one range per column family.
 *
 * <pre>
 * column family | key                                | value
 * --------------+------------------------------------+------------------------------------------
 * volumes       | UTF-8 volume name                  | volId u64, root id (16), created (12)
 * entries       | parent id (16) + UTF-8 name        | child id (16), type u8, position u64,
 *               |                                    |   then for a file or symlink the
 *               |                                    |   copy of its inode, see
 *               |                                    |   {@link #encodeEntry(Inode)}
 * positions     | parent id (16) + position u64      | child id (16), type u8, UTF-8 name
 * folded        | parent id (16) + folded UTF-8 name | child id (16), type u8, position u64
 *               |   + 0x00 + UTF-8 name              |   (the entries value without the copy)
 * inodes        | object id (16)                     | see {@link #encodeInode}
 * xattrs        | object id (16) + UTF-8 name        | raw value
 *               | object id (16) alone               | retention, see {@link #encodeRetention}
 * inline        | object id (16)                     | raw file bytes (small files)
 * orphans       | object id (16)                     | empty
 * meta          | ASCII name ("format", "epoch",     | u64
 *               | "id-hwm", "clean", "count" + volId)|
 * </pre>
 *
 * <p>Every entry is in three column families, written together in one batch: {@code entries} (by
 * name: lookups and the sorted listing S3 needs), {@code positions} (by the entry's position, a
 * per-directory serial from the directory's inode: NFS and SMB resume a listing from a 64-bit
 * position in one seek) and {@code folded} (by the name's {@link dev.estuary.dfs.CaseFolding}
 * folding then the name, NUL-separated as names hold no NUL: a case-insensitive lookup is one seek
 * and reads the names that fold equal, in UTF-8 order). {@link Fsck} checks the three agree.
 *
 * <p>A time is 12 bytes: seconds since the epoch (s64) then nanoseconds (u32).
 */
public final class Codec {
  /** Version byte leading every inode record, so that the format can evolve. */
  static final byte INODE_VERSION = 3;

  /**
   * The version of the whole metadata layout, stored under {@code meta/format}. 1 (never stored)
   * had no positions, no folded names and version 1 inodes; 2 added them; 3 added the entry's
   * position to the inode and a copy of the child's inode to every {@code entries} value, so that
   * a lookup by name is one read.
   */
  public static final long FORMAT = 3;

  /** Length of an {@code entries} value without the inode copy (and of a {@code folded} value). */
  static final int ENTRY_BYTES = 25;

  private static final ObjectType[] TYPES = ObjectType.values();

  private Codec() {}

  /**
   * Encodes an object id as its 16-byte key.
   *
   * @param id the id
   * @return 16 bytes
   */
  public static byte[] idKey(ObjectId id) {
    byte[] b = new byte[16];
    putLong(b, 0, id.hi());
    putLong(b, 8, id.lo());
    return b;
  }

  /**
   * Decodes an object id from 16 bytes at {@code off}.
   *
   * @param b the bytes
   * @param off where the id starts
   * @return the id
   */
  public static ObjectId readId(byte[] b, int off) {
    return new ObjectId(getLong(b, off), getLong(b, off + 8));
  }

  /**
   * Encodes a key made of an object id and a UTF-8 name (entries and xattrs).
   *
   * @param id the parent (entries) or owner (xattrs)
   * @param name the name
   * @return the key
   */
  public static byte[] nameKey(ObjectId id, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[16 + n.length];
    putLong(b, 0, id.hi());
    putLong(b, 8, id.lo());
    System.arraycopy(n, 0, b, 16, n.length);
    return b;
  }

  /**
   * Returns the name part of an entries or xattrs key.
   *
   * @param key the key
   * @return the name
   */
  public static String keyName(byte[] key) {
    return new String(key, 16, key.length - 16, StandardCharsets.UTF_8);
  }

  /**
   * Returns the smallest key greater than every key starting with {@code prefix}.
   *
   * @param prefix a prefix not made only of 0xff bytes
   * @return the exclusive upper bound
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] b = prefix.clone();
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        b[i]++;
        return Arrays.copyOf(b, i + 1);
      }
    }
    throw new IllegalArgumentException("prefix: all 0xff (expected: a prefix with an upper bound)");
  }

  /**
   * Encodes the 8-byte key prefix of a volume.
   *
   * @param volId the volume id
   * @return 8 bytes
   */
  public static byte[] volumePrefix(long volId) {
    byte[] b = new byte[8];
    putLong(b, 0, volId);
    return b;
  }

  /**
   * Encodes an entry value: child id, type and position.
   *
   * @param child the child
   * @param type its type
   * @param position the entry's position in its directory
   * @return {@value #ENTRY_BYTES} bytes
   */
  public static byte[] encodeEntry(ObjectId child, ObjectType type, long position) {
    byte[] b = new byte[ENTRY_BYTES];
    putLong(b, 0, child.hi());
    putLong(b, 8, child.lo());
    b[16] = (byte) type.ordinal();
    putLong(b, 17, position);
    return b;
  }

  /**
   * Encodes the {@code entries} value of a named object with the copy of its inode: child id,
   * type, position, then the inode record without its location (the entry's key holds the parent
   * and the name). A lookup by name reads the attributes from this one value (DAOS DFS keeps an
   * object's attributes in its directory entry the same way); the inode record stays the truth by
   * id, and every write of it rewrites this copy in the same batch ({@link Txn#putInode}), so the
   * two never differ. An object has at most one name in this engine (no hard links), so there is
   * exactly one copy to keep; a value without the copy ({@value #ENTRY_BYTES} bytes, as {@link
   * Fsck} writes, and directories always have, see {@link MetaStore#putInode}) is valid too and
   * makes the lookup read the inode.
   *
   * @param inode a named object (parent, name and position set)
   * @return the value
   */
  public static byte[] encodeEntry(Inode inode) {
    byte[] body = encodeInode(inode, false);
    byte[] b = new byte[ENTRY_BYTES + body.length];
    putLong(b, 0, inode.id().hi());
    putLong(b, 8, inode.id().lo());
    b[16] = (byte) inode.type().ordinal();
    putLong(b, 17, inode.position());
    System.arraycopy(body, 0, b, ENTRY_BYTES, body.length);
    return b;
  }

  /**
   * Decodes the inode copy of an {@code entries} value.
   *
   * @param parent the directory (the key's first part)
   * @param name the entry name (the rest of the key)
   * @param value the value
   * @return the inode, or null if the value carries no copy
   * @throws DfsException {@link ErrorKind#IO_ERROR} if the value is damaged
   */
  public static @Nullable Inode decodeEntryInode(ObjectId parent, String name, byte[] value) {
    if (value.length == ENTRY_BYTES) {
      return null;
    }
    ObjectId id = readId(value, 0);
    return decodeInode(id, ByteBuffer.wrap(value, ENTRY_BYTES, value.length - ENTRY_BYTES), parent, name,
        value.length);
  }

  /**
   * Returns the type stored in an entry (or position) value.
   *
   * @param value the entry value
   * @return the type
   */
  public static ObjectType entryType(byte[] value) {
    return type(value[16]);
  }

  /**
   * Decodes the entry part (child, type, position) of an entry value.
   *
   * @param value an entries value ({@link #encodeEntry(Inode)}) or a folded one
   * @return the entry
   */
  public static MetaCache.Entry decodeEntry(byte[] value) {
    if (value.length < ENTRY_BYTES) {
      throw corrupt("entry value of " + value.length + " bytes (expected: " + ENTRY_BYTES + " or more)");
    }
    return new MetaCache.Entry(readId(value, 0), type(value[16]), getLong(value, 17));
  }

  /**
   * Decodes the entry part of an entries value of which only the first {@value #ENTRY_BYTES}
   * bytes were copied (a listing of names skips the inode copies).
   *
   * @param head the first bytes of the value
   * @param length the whole value's length
   * @return the entry
   */
  public static MetaCache.Entry decodeEntryHead(byte[] head, int length) {
    if (length < ENTRY_BYTES) {
      throw corrupt("entry value of " + length + " bytes (expected: " + ENTRY_BYTES + " or more)");
    }
    return new MetaCache.Entry(readId(head, 0), type(head[16]), getLong(head, 17));
  }

  /**
   * Encodes a {@code positions} key: the directory and the position.
   *
   * @param parent the directory
   * @param position the position
   * @return 24 bytes
   */
  public static byte[] positionKey(ObjectId parent, long position) {
    byte[] b = new byte[24];
    putLong(b, 0, parent.hi());
    putLong(b, 8, parent.lo());
    putLong(b, 16, position);
    return b;
  }

  /**
   * Encodes a {@code positions} value: the child id, its type and the entry name.
   *
   * @param child the child
   * @param type its type
   * @param name the entry name
   * @return the bytes
   */
  public static byte[] encodePositioned(ObjectId child, ObjectType type, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[17 + n.length];
    putLong(b, 0, child.hi());
    putLong(b, 8, child.lo());
    b[16] = (byte) type.ordinal();
    System.arraycopy(n, 0, b, 17, n.length);
    return b;
  }

  /**
   * Returns the entry name stored in a {@code positions} value.
   *
   * @param value the value
   * @return the name
   */
  public static String positionedName(byte[] value) {
    if (value.length < 18) {
      throw corrupt("position value of " + value.length + " bytes (expected: 18 or more)");
    }
    return new String(value, 17, value.length - 17, StandardCharsets.UTF_8);
  }

  /**
   * Encodes the prefix of the {@code folded} keys of every name of {@code parent} that folds to
   * {@code folded}: the directory, the folded name and the NUL separator.
   *
   * @param parent the directory
   * @param folded a name folded with {@link dev.estuary.dfs.CaseFolding#fold(String)}
   * @return the prefix
   */
  public static byte[] foldedPrefix(ObjectId parent, String folded) {
    byte[] f = folded.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[16 + f.length + 1];
    putLong(b, 0, parent.hi());
    putLong(b, 8, parent.lo());
    System.arraycopy(f, 0, b, 16, f.length);
    return b;
  }

  /**
   * Encodes the {@code folded} key of an entry.
   *
   * @param parent the directory
   * @param name the entry name
   * @return directory, folded name, NUL, name
   */
  public static byte[] foldedKey(ObjectId parent, String name) {
    byte[] prefix = foldedPrefix(parent, dev.estuary.dfs.CaseFolding.fold(name));
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] b = Arrays.copyOf(prefix, prefix.length + n.length);
    System.arraycopy(n, 0, b, prefix.length, n.length);
    return b;
  }

  /**
   * Returns the entry name of a {@code folded} key (the part after the NUL).
   *
   * @param key the key
   * @return the name
   */
  public static String foldedKeyName(byte[] key) {
    for (int i = 16; i < key.length; i++) {
      if (key[i] == 0) {
        return new String(key, i + 1, key.length - i - 1, StandardCharsets.UTF_8);
      }
    }
    throw corrupt("folded key without a NUL separator");
  }

  /**
   * Encodes a u64 value.
   *
   * @param v the value
   * @return 8 bytes
   */
  public static byte[] encodeLong(long v) {
    byte[] b = new byte[8];
    putLong(b, 0, v);
    return b;
  }

  /**
   * Decodes a u64 value.
   *
   * @param b 8 bytes
   * @return the value
   */
  public static long decodeLong(byte[] b) {
    if (b.length != 8) {
      throw corrupt("u64 length " + b.length + " (expected: 8)");
    }
    return getLong(b, 0);
  }

  /**
   * Encodes a volume record.
   *
   * @param record the record
   * @return 36 bytes
   */
  public static byte[] encodeVolume(VolumeRecord record) {
    ByteBuffer b = ByteBuffer.allocate(36);
    b.putLong(record.volId()).putLong(record.root().hi()).putLong(record.root().lo());
    putTime(b, record.created());
    return b.array();
  }

  /**
   * Decodes a volume record.
   *
   * @param name the volume name (the key)
   * @param value the stored value
   * @return the record
   */
  public static VolumeRecord decodeVolume(String name, byte[] value) {
    if (value.length != 36) {
      throw corrupt("volume record of '" + name + "' has " + value.length + " bytes (expected: 36)");
    }
    ByteBuffer b = ByteBuffer.wrap(value);
    long volId = b.getLong();
    ObjectId root = new ObjectId(b.getLong(), b.getLong());
    return new VolumeRecord(name, volId, root, getTime(b));
  }

  /**
   * Encodes an inode record: version u8, type u8, flags u8, mode u32, uid u32, gid u32, size u64,
   * allocated u64, atime, mtime, ctime, btime (12 bytes each), change u64, subdirectories u32, last
   * position u64, entry position u64, parent id (16, zero when none), name length u16 + UTF-8 name
   * (length 0xffff when none), target length u16 + UTF-8 target (symlinks only, 0xffff when
   * none). The id itself is the key and is not repeated.
   *
   * @param inode the inode
   * @return the bytes
   */
  public static byte[] encodeInode(Inode inode) {
    return encodeInode(inode, true);
  }

  /** The inode record; without {@code location} (the copy in an entry) no parent and no name. */
  private static byte[] encodeInode(Inode inode, boolean location) {
    byte[] name = !location || inode.name() == null ? null : inode.name().getBytes(StandardCharsets.UTF_8);
    byte[] target = inode.target() == null ? null : inode.target().getBytes(StandardCharsets.UTF_8);
    int len = 3 + 12 + 16 + 48 + 8 + 4 + 8 + 8 + (location ? 16 + 2 + (name == null ? 0 : name.length) : 0)
        + 2 + (target == null ? 0 : target.length);
    ByteBuffer b = ByteBuffer.allocate(len);
    b.put(INODE_VERSION).put((byte) inode.type().ordinal()).put((byte) inode.flags());
    b.putInt(inode.mode()).putInt(inode.uid()).putInt(inode.gid());
    b.putLong(inode.size()).putLong(inode.allocated());
    putTime(b, inode.atime());
    putTime(b, inode.mtime());
    putTime(b, inode.ctime());
    putTime(b, inode.btime());
    b.putLong(inode.change());
    b.putInt(inode.subdirs()).putLong(inode.lastPosition()).putLong(inode.position());
    if (location) {
      ObjectId parent = inode.parent();
      b.putLong(parent == null ? 0 : parent.hi()).putLong(parent == null ? 0 : parent.lo());
      putBytes(b, name);
    }
    putBytes(b, target);
    return b.array();
  }

  /**
   * Decodes an inode record.
   *
   * @param id the object id (the key)
   * @param value the stored value
   * @return the inode
   * @throws DfsException {@link ErrorKind#IO_ERROR} if the record is damaged
   */
  public static Inode decodeInode(ObjectId id, byte[] value) {
    return decodeInode(id, ByteBuffer.wrap(value), null, null, value.length);
  }

  /**
   * Decodes an inode record from {@code b}: with its location when {@code name} is null, else
   * the copy in an entry, whose location is the entry's.
   */
  private static Inode decodeInode(ObjectId id, ByteBuffer b, @Nullable ObjectId entryParent,
      @Nullable String entryName, int length) {
    try {
      byte version = b.get();
      if (version != INODE_VERSION) {
        throw corrupt("inode " + id + " version " + version + " (expected: " + INODE_VERSION + ")");
      }
      ObjectType type = type(b.get());
      int flags = b.get() & 0xff;
      int mode = b.getInt();
      int uid = b.getInt();
      int gid = b.getInt();
      long size = b.getLong();
      long allocated = b.getLong();
      Instant atime = getTime(b);
      Instant mtime = getTime(b);
      Instant ctime = getTime(b);
      Instant btime = getTime(b);
      long change = b.getLong();
      int subdirs = b.getInt();
      long lastPosition = b.getLong();
      long position = b.getLong();
      ObjectId parent = entryParent;
      String name = entryName;
      if (entryName == null) {
        long phi = b.getLong();
        long plo = b.getLong();
        name = getString(b);
        parent = phi == 0 && plo == 0 ? null : new ObjectId(phi, plo);
      }
      String target = getString(b);
      if (b.hasRemaining()) {
        throw corrupt("inode " + id + " has " + b.remaining() + " bytes too many");
      }
      return new Inode(id, type, flags, mode, uid, gid, size, allocated, atime, mtime, ctime, btime,
          change, subdirs, lastPosition, position, parent, name, target);
    } catch (RuntimeException e) {
      if (e instanceof DfsException d) {
        throw d;
      }
      throw new DfsException(ErrorKind.IO_ERROR,
          "inode record of " + id + ": " + length + " bytes cannot be decoded (" + e + ")", e);
    }
  }

  private static void putBytes(ByteBuffer b, byte @Nullable [] bytes) {
    if (bytes == null) {
      b.putShort((short) 0xffff);
    } else {
      b.putShort((short) bytes.length).put(bytes);
    }
  }

  private static @Nullable String getString(ByteBuffer b) {
    int len = b.getShort() & 0xffff;
    if (len == 0xffff) {
      return null;
    }
    String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
    b.position(b.position() + len);
    return s;
  }

  private static void putTime(ByteBuffer b, Instant t) {
    b.putLong(t.getEpochSecond()).putInt(t.getNano());
  }

  private static Instant getTime(ByteBuffer b) {
    return Instant.ofEpochSecond(b.getLong(), b.getInt());
  }

  private static ObjectType type(byte ordinal) {
    if (ordinal < 0 || ordinal >= TYPES.length) {
      throw corrupt("object type " + ordinal + " (expected: 0-" + (TYPES.length - 1) + ")");
    }
    return TYPES[ordinal];
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  /** Version byte of {@link #encodeRetention}. */
  static final byte RETENTION_VERSION = 1;

  /**
   * Encodes a file's retention ({@link Retention}), the value in the {@code
   * xattrs} family under the bare object id ({@link #idKey}; no xattr has an empty name, so it
   * never collides with one): version u8, mode u8 (0 none, 1 governance, 2 compliance), legal
   * hold u8 (0 or 1), then the retain-until time (12 bytes) when the mode is not 0.
   *
   * @param r the retention
   * @return the bytes
   */
  public static byte[] encodeRetention(Retention r) {
    ByteBuffer b = ByteBuffer.allocate(3 + (r.mode() == null ? 0 : 12));
    b.put(RETENTION_VERSION);
    b.put((byte) (r.mode() == null ? 0 : r.mode().ordinal() + 1));
    b.put((byte) (r.legalHold() ? 1 : 0));
    if (r.retainUntil() != null) {
      putTime(b, r.retainUntil());
    }
    return b.array();
  }

  /**
   * Decodes a retention record.
   *
   * @param id the file, for the error message
   * @param value the stored value
   * @return the retention
   * @throws DfsException {@link ErrorKind#IO_ERROR} if the record is damaged
   */
  public static Retention decodeRetention(ObjectId id, byte[] value) {
    try {
      ByteBuffer b = ByteBuffer.wrap(value);
      byte version = b.get();
      if (version != RETENTION_VERSION) {
        throw corrupt("retention of " + id + " version " + version + " (expected: " + RETENTION_VERSION + ")");
      }
      int mode = b.get();
      int hold = b.get();
      if (mode < 0 || mode > 2 || hold < 0 || hold > 1) {
        throw corrupt("retention of " + id + " mode " + mode + " hold " + hold + " (expected: 0..2 and 0..1)");
      }
      RetentionMode m = mode == 0 ? null : RetentionMode.values()[mode - 1];
      Instant until = mode == 0 ? null : getTime(b);
      if (b.hasRemaining()) {
        throw corrupt("retention of " + id + " has " + b.remaining() + " bytes too many");
      }
      return new Retention(m, until, hold == 1);
    } catch (java.nio.BufferUnderflowException e) {
      throw corrupt("retention of " + id + " is " + value.length + " bytes (truncated)");
    }
  }

  private static DfsException corrupt(String what) {
    return new DfsException(ErrorKind.IO_ERROR, "damaged metadata: " + what);
  }
}
