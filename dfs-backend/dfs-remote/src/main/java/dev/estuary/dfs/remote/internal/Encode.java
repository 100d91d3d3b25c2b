package dev.estuary.dfs.remote.internal;

import com.google.protobuf.ByteString;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.VolumeInfo;
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
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * The codec from {@code dfs-api} values to their wire messages (its inverse is {@link Decode}).
 * Enums travel as their ordinal, which the proto enums mirror constant for constant.
 */
public final class Encode {
  private Encode() {}

  /**
   * Checks that text can cross the wire unchanged: protobuf strings are UTF-8, which has no form for
   * an unpaired surrogate (it would arrive as {@code ?}, naming another entry).
   *
   * @param s the text
   * @return {@code s}
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} if it has an unpaired surrogate
   */
  public static String text(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new DfsException(ErrorKind.INVALID_ARGUMENT, "name: '"
              + new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
              + "' has an unpaired surrogate (expected: well-formed Unicode)");
        }
      }
    }
    return s;
  }

  /**
   * Encodes an object id.
   *
   * @param id the id
   * @return the message
   */
  public static Oid oid(ObjectId id) {
    return Oid.newBuilder().setHi(id.hi()).setLo(id.lo()).build();
  }

  /**
   * Encodes an instant with nanosecond precision.
   *
   * @param t the instant
   * @return the message
   */
  public static Time time(Instant t) {
    return Time.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /**
   * Encodes an owner.
   *
   * @param o the owner
   * @return the message
   */
  public static Owner owner(Ownership o) {
    return Owner.newBuilder().setUid(o.uid()).setGid(o.gid()).build();
  }

  /**
   * Encodes attributes.
   *
   * @param a the attributes
   * @return the message
   */
  public static Attrs attrs(Attributes a) {
    return Attrs.newBuilder()
        .setId(oid(a.id()))
        .setTypeValue(a.type().ordinal())
        .setMode(a.mode())
        .setUid(a.uid())
        .setGid(a.gid())
        .setSize(a.size())
        .setAllocatedBytes(a.allocatedBytes())
        .setAccessTime(time(a.accessTime()))
        .setModifyTime(time(a.modifyTime()))
        .setChangeTime(time(a.changeTime()))
        .setBirthTime(time(a.birthTime()))
        .setChange(a.change())
        .setFileNumber(a.fileNumber())
        .setLinkCount(a.linkCount())
        .build();
  }

  /**
   * Encodes an attribute change.
   *
   * @param s the change
   * @return the message
   */
  public static SetAttrs setAttrs(SetAttributes s) {
    SetAttrs.Builder b = SetAttrs.newBuilder();
    if (s.mode() != null) {
      b.setMode(s.mode());
    }
    if (s.uid() != null) {
      b.setUid(s.uid());
    }
    if (s.gid() != null) {
      b.setGid(s.gid());
    }
    if (s.size() != null) {
      b.setSize(s.size());
    }
    if (s.accessTime() != null) {
      b.setAccessTime(time(s.accessTime()));
    }
    if (s.modifyTime() != null) {
      b.setModifyTime(time(s.modifyTime()));
    }
    if (s.birthTime() != null) {
      b.setBirthTime(time(s.birthTime()));
    }
    return b.build();
  }

  /**
   * Encodes a volume description.
   *
   * @param v the description
   * @return the message
   */
  public static VolumeInfoMsg volumeInfo(VolumeInfo v) {
    return VolumeInfoMsg.newBuilder()
        .setName(v.name()).setRoot(oid(v.root())).setCreated(time(v.created())).build();
  }

  /**
   * Encodes a directory entry.
   *
   * @param e the entry
   * @return the message
   */
  public static DirEntryMsg dirEntry(DirEntry e) {
    DirEntryMsg.Builder b = DirEntryMsg.newBuilder()
        .setName(e.name()).setId(oid(e.id())).setTypeValue(e.type().ordinal())
        .setPosition(e.position());
    if (e.attributes() != null) {
      b.setAttributes(attrs(e.attributes()));
    }
    return b.build();
  }

  /**
   * Encodes a page of a sorted listing.
   *
   * @param p the page
   * @return the message
   */
  public static ReaddirReply dirPage(DirPage p) {
    ReaddirReply.Builder b = ReaddirReply.newBuilder()
        .setNext(ByteString.copyFrom(p.next().toBytes())).setEnd(p.end());
    for (DirEntry e : p.entries()) {
      b.addEntries(dirEntry(e));
    }
    return b.build();
  }

  /**
   * Encodes a page of a listing by position.
   *
   * @param p the page
   * @return the message
   */
  public static ReaddirByPositionReply dirPositionPage(DirPositionPage p) {
    ReaddirByPositionReply.Builder b =
        ReaddirByPositionReply.newBuilder().setLast(p.last()).setEnd(p.end());
    for (DirEntry e : p.entries()) {
      b.addEntries(dirEntry(e));
    }
    return b.build();
  }

  /**
   * Encodes a case-insensitive lookup result.
   *
   * @param c the result
   * @return the message
   */
  public static CaseLookupReply caseLookup(CaseLookup c) {
    return CaseLookupReply.newBuilder().setEntry(dirEntry(c.entry())).setCollision(c.collision()).build();
  }

  /**
   * Encodes file system statistics.
   *
   * @param s the statistics
   * @return the message
   */
  public static FsStatsMsg fsStats(FsStats s) {
    return FsStatsMsg.newBuilder()
        .setTotalBytes(s.totalBytes()).setFreeBytes(s.freeBytes())
        .setAvailableBytes(s.availableBytes()).setObjects(s.objects())
        .setMaxNameBytes(s.maxNameBytes()).build();
  }

  /**
   * Encodes a retention state.
   *
   * @param r the state
   * @return the message
   */
  public static RetentionMsg retention(Retention r) {
    RetentionMsg.Builder b = RetentionMsg.newBuilder().setLegalHold(r.legalHold());
    if (r.mode() != null && r.retainUntil() != null) {
      b.setModeValue(r.mode().ordinal()).setRetainUntil(time(r.retainUntil()));
    }
    return b.build();
  }

  /**
   * Encodes a lock range.
   *
   * @param r the range
   * @return the message
   */
  public static Range range(ByteRange r) {
    return Range.newBuilder().setOffset(r.offset()).setLength(r.length()).build();
  }

  /**
   * Encodes a lock description.
   *
   * @param l the lock
   * @return the message
   */
  public static LockInfoMsg lockInfo(LockInfo l) {
    return LockInfoMsg.newBuilder()
        .setFile(oid(l.file())).setSession(l.session())
        .setSessionDescription(l.sessionDescription()).setOwner(l.owner())
        .setStyleValue(l.style().ordinal()).setTypeValue(l.type().ordinal())
        .setRange(range(l.range())).build();
  }

  /**
   * Encodes a set of share accesses as ordinals.
   *
   * @param set the accesses
   * @return the ordinals
   */
  public static Iterable<Integer> shareAccess(Set<ShareAccess> set) {
    return set.stream().map(Enum::ordinal).toList();
  }

  /**
   * Encodes a change event.
   *
   * @param e the event
   * @return the message
   */
  public static ChangeEventMsg changeEvent(ChangeEvent e) {
    ChangeEventMsg.Builder b =
        ChangeEventMsg.newBuilder().setKindValue(e.kind().ordinal()).setChange(e.change());
    if (e.object() != null) {
      b.setObject(oid(e.object()));
    }
    if (e.type() != null) {
      b.setTypeValue(e.type().ordinal());
    }
    if (e.directory() != null) {
      b.setDirectory(oid(e.directory()));
    }
    if (e.name() != null) {
      b.setName(e.name());
    }
    if (e.fromDirectory() != null) {
      b.setFromDirectory(oid(e.fromDirectory()));
    }
    if (e.fromName() != null) {
      b.setFromName(e.fromName());
    }
    return b.build();
  }
}
