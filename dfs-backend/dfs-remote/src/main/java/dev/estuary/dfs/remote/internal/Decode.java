package dev.estuary.dfs.remote.internal;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.SeekKind;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.remote.internal.proto.Attrs;
import dev.estuary.dfs.remote.internal.proto.CaseLookupReply;
import dev.estuary.dfs.remote.internal.proto.ChangeEventMsg;
import dev.estuary.dfs.remote.internal.proto.DirEntryMsg;
import dev.estuary.dfs.remote.internal.proto.FsStatsMsg;
import dev.estuary.dfs.remote.internal.proto.LockInfoMsg;
import dev.estuary.dfs.remote.internal.proto.Oid;
import dev.estuary.dfs.remote.internal.proto.Owner;
import dev.estuary.dfs.remote.internal.proto.Range;
import dev.estuary.dfs.remote.internal.proto.ReaddirByPositionReply;
import dev.estuary.dfs.remote.internal.proto.ReaddirReply;
import dev.estuary.dfs.remote.internal.proto.RetentionMsg;
import dev.estuary.dfs.remote.internal.proto.SetAttrs;
import dev.estuary.dfs.remote.internal.proto.Time;
import dev.estuary.dfs.remote.internal.proto.VolumeInfoMsg;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The codec from wire messages to {@code dfs-api} values (the inverse of {@link Encode}). A number
 * outside an enum, which only a foreign or newer peer can send, gives {@link
 * ErrorKind#INVALID_ARGUMENT}.
 */
public final class Decode {
  private static final ObjectType[] OBJECT_TYPES = ObjectType.values();
  private static final OpenMode[] OPEN_MODES = OpenMode.values();
  private static final RemoveKind[] REMOVE_KINDS = RemoveKind.values();
  private static final RenameMode[] RENAME_MODES = RenameMode.values();
  private static final SeekKind[] SEEK_KINDS = SeekKind.values();
  private static final XattrMode[] XATTR_MODES = XattrMode.values();
  private static final WatchScope[] WATCH_SCOPES = WatchScope.values();
  private static final ChangeKind[] CHANGE_KINDS = ChangeKind.values();
  private static final LockStyle[] LOCK_STYLES = LockStyle.values();
  private static final LockType[] LOCK_TYPES = LockType.values();
  private static final ShareAccess[] SHARE_ACCESSES = ShareAccess.values();
  private static final RetentionMode[] RETENTION_MODES = RetentionMode.values();

  private Decode() {}

  private static <E extends Enum<E>> E of(E[] values, int n, String what) {
    if (n < 0 || n >= values.length) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          what + ": " + n + " (expected: 0 to " + (values.length - 1) + ")");
    }
    return values[n];
  }

  /**
   * Decodes an object id.
   *
   * @param m the message
   * @return the id
   */
  public static ObjectId oid(Oid m) {
    return new ObjectId(m.getHi(), m.getLo());
  }

  /**
   * Decodes an instant.
   *
   * @param m the message
   * @return the instant
   */
  public static Instant time(Time m) {
    return Instant.ofEpochSecond(m.getSeconds(), m.getNanos());
  }

  /**
   * Decodes an owner.
   *
   * @param m the message
   * @return the owner
   */
  public static Ownership owner(Owner m) {
    return new Ownership(m.getUid(), m.getGid());
  }

  /**
   * Decodes an object type.
   *
   * @param n the ordinal
   * @return the type
   */
  public static ObjectType objectType(int n) {
    return of(OBJECT_TYPES, n, "object type");
  }

  /**
   * Decodes an open mode.
   *
   * @param n the ordinal
   * @return the mode
   */
  public static OpenMode openMode(int n) {
    return of(OPEN_MODES, n, "open mode");
  }

  /**
   * Decodes a remove kind.
   *
   * @param n the ordinal
   * @return the kind
   */
  public static RemoveKind removeKind(int n) {
    return of(REMOVE_KINDS, n, "remove kind");
  }

  /**
   * Decodes a rename mode.
   *
   * @param n the ordinal
   * @return the mode
   */
  public static RenameMode renameMode(int n) {
    return of(RENAME_MODES, n, "rename mode");
  }

  /**
   * Decodes a seek kind.
   *
   * @param n the ordinal
   * @return the kind
   */
  public static SeekKind seekKind(int n) {
    return of(SEEK_KINDS, n, "seek kind");
  }

  /**
   * Decodes an xattr mode.
   *
   * @param n the ordinal
   * @return the mode
   */
  public static XattrMode xattrMode(int n) {
    return of(XATTR_MODES, n, "xattr mode");
  }

  /**
   * Decodes a watch scope.
   *
   * @param n the ordinal
   * @return the scope
   */
  public static WatchScope watchScope(int n) {
    return of(WATCH_SCOPES, n, "watch scope");
  }

  /**
   * Decodes a lock style.
   *
   * @param n the ordinal
   * @return the style
   */
  public static LockStyle lockStyle(int n) {
    return of(LOCK_STYLES, n, "lock style");
  }

  /**
   * Decodes a lock type.
   *
   * @param n the ordinal
   * @return the type
   */
  public static LockType lockType(int n) {
    return of(LOCK_TYPES, n, "lock type");
  }

  /**
   * Decodes a retention mode.
   *
   * @param n the ordinal
   * @return the mode
   */
  public static RetentionMode retentionMode(int n) {
    return of(RETENTION_MODES, n, "retention mode");
  }

  /**
   * Decodes a set of share accesses.
   *
   * @param ordinals the ordinals
   * @return the set
   */
  public static Set<ShareAccess> shareAccess(List<Integer> ordinals) {
    EnumSet<ShareAccess> set = EnumSet.noneOf(ShareAccess.class);
    for (int n : ordinals) {
      set.add(of(SHARE_ACCESSES, n, "share access"));
    }
    return Set.copyOf(set);
  }

  /**
   * Decodes attributes.
   *
   * @param m the message
   * @return the attributes
   */
  public static Attributes attrs(Attrs m) {
    return new Attributes(
        oid(m.getId()), objectType(m.getTypeValue()), m.getMode(), m.getUid(), m.getGid(),
        m.getSize(), m.getAllocatedBytes(), time(m.getAccessTime()), time(m.getModifyTime()),
        time(m.getChangeTime()), time(m.getBirthTime()), m.getChange(), m.getFileNumber(),
        m.getLinkCount());
  }

  /**
   * Decodes an attribute change.
   *
   * @param m the message
   * @return the change
   */
  public static SetAttributes setAttrs(SetAttrs m) {
    return new SetAttributes(
        m.hasMode() ? m.getMode() : null,
        m.hasUid() ? m.getUid() : null,
        m.hasGid() ? m.getGid() : null,
        m.hasSize() ? m.getSize() : null,
        m.hasAccessTime() ? time(m.getAccessTime()) : null,
        m.hasModifyTime() ? time(m.getModifyTime()) : null,
        m.hasBirthTime() ? time(m.getBirthTime()) : null);
  }

  /**
   * Decodes a volume description.
   *
   * @param m the message
   * @return the description
   */
  public static VolumeInfo volumeInfo(VolumeInfoMsg m) {
    return new VolumeInfo(m.getName(), oid(m.getRoot()), time(m.getCreated()));
  }

  /**
   * Decodes a directory entry.
   *
   * @param m the message
   * @return the entry
   */
  public static DirEntry dirEntry(DirEntryMsg m) {
    return new DirEntry(m.getName(), oid(m.getId()), objectType(m.getTypeValue()), m.getPosition(),
        m.hasAttributes() ? attrs(m.getAttributes()) : null);
  }

  private static List<DirEntry> entries(List<DirEntryMsg> list) {
    List<DirEntry> out = new ArrayList<>(list.size());
    for (DirEntryMsg e : list) {
      out.add(dirEntry(e));
    }
    return out;
  }

  /**
   * Decodes a page of a sorted listing.
   *
   * @param m the message
   * @return the page
   */
  public static DirPage dirPage(ReaddirReply m) {
    return new DirPage(entries(m.getEntriesList()), DirCursor.fromBytes(m.getNext().toByteArray()),
        m.getEnd());
  }

  /**
   * Decodes a page of a listing by position.
   *
   * @param m the message
   * @return the page
   */
  public static DirPositionPage dirPositionPage(ReaddirByPositionReply m) {
    return new DirPositionPage(entries(m.getEntriesList()), m.getLast(), m.getEnd());
  }

  /**
   * Decodes a case-insensitive lookup result.
   *
   * @param m the message
   * @return the result
   */
  public static CaseLookup caseLookup(CaseLookupReply m) {
    return new CaseLookup(dirEntry(m.getEntry()), m.getCollision());
  }

  /**
   * Decodes file system statistics.
   *
   * @param m the message
   * @return the statistics
   */
  public static FsStats fsStats(FsStatsMsg m) {
    return new FsStats(m.getTotalBytes(), m.getFreeBytes(), m.getAvailableBytes(), m.getObjects(),
        m.getMaxNameBytes());
  }

  /**
   * Decodes a retention state.
   *
   * @param m the message
   * @return the state
   */
  public static Retention retention(RetentionMsg m) {
    if (!m.hasMode()) {
      return new Retention(null, null, m.getLegalHold());
    }
    return new Retention(retentionMode(m.getModeValue()), time(m.getRetainUntil()), m.getLegalHold());
  }

  /**
   * Decodes an optional retention mode.
   *
   * @param present whether the field is set
   * @param n the ordinal
   * @return the mode, or null
   */
  public static @Nullable RetentionMode optionalRetentionMode(boolean present, int n) {
    return present ? retentionMode(n) : null;
  }

  /**
   * Decodes a lock range.
   *
   * @param m the message
   * @return the range
   */
  public static ByteRange range(Range m) {
    return new ByteRange(m.getOffset(), m.getLength());
  }

  /**
   * Decodes a lock description.
   *
   * @param m the message
   * @return the lock
   */
  public static LockInfo lockInfo(LockInfoMsg m) {
    return new LockInfo(oid(m.getFile()), m.getSession(), m.getSessionDescription(), m.getOwner(),
        lockStyle(m.getStyleValue()), lockType(m.getTypeValue()), range(m.getRange()));
  }

  /**
   * Decodes a change event.
   *
   * @param m the message
   * @return the event
   */
  public static ChangeEvent changeEvent(ChangeEventMsg m) {
    ChangeKind kind = of(CHANGE_KINDS, m.getKindValue(), "change kind");
    if (kind == ChangeKind.OVERFLOW) {
      return ChangeEvent.OVERFLOW;
    }
    return new ChangeEvent(kind,
        m.hasObject() ? oid(m.getObject()) : null,
        m.hasType() ? objectType(m.getTypeValue()) : null,
        m.hasDirectory() ? oid(m.getDirectory()) : null,
        m.hasName() ? m.getName() : null,
        m.hasFromDirectory() ? oid(m.getFromDirectory()) : null,
        m.hasFromName() ? m.getFromName() : null,
        m.getChange());
  }
}
