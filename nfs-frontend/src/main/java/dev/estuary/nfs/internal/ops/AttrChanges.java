package dev.estuary.nfs.internal.ops;

import dev.estuary.core.Group;
import dev.estuary.core.IdentityService;
import dev.estuary.core.Principal;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.nfs.internal.codec.AttrNotSupportedException;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttr.SetTime;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.XdrException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.BitSet;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The attributes a client sets, decoded and checked before anything changes: SETATTR's obj_attributes (RFC
 * 8881 §18.30) and CREATE's createattrs (§18.4). Owners are numeric strings ("1000", what AUTH_SYS clients
 * send, notes/nfs.md §2.1) or the names of users and groups the identity service knows.
 *
 * @param mask every attribute given
 * @param mode permission bits, or null
 * @param uid the new owner, or null
 * @param gid the new group, or null
 * @param size the new size, or null
 * @param accessTime time_access_set, or null
 * @param modifyTime time_modify_set, or null
 * @param birthTime time_create, or null
 */
record AttrChanges(Bitmap mask, @Nullable Integer mode, @Nullable Integer uid, @Nullable Integer gid,
        @Nullable Long size, @Nullable SetTime accessTime, @Nullable SetTime modifyTime, @Nullable Instant birthTime) {

    /** What this server sets: size, mode, owner, owner_group, time_access_set, time_create, time_modify_set. */
    static final Bitmap SETTABLE = Bitmap.of(4, 33, 36, 37, 48, 50, 54);
    /**
     * What a client may set (RFC 8881 §5.6, §5.7, RFC 7862 §12.2.4, RFC 8275 §3) but this server does not
     * support: acl, archive, hidden, mimetype, system, time_backup, mode_set_masked, sec_label, mode_umask.
     * Every other attribute is read-only.
     */
    static final Bitmap NOT_SUPPORTED = Bitmap.of(12, 14, 25, 32, 46, 49, 74, 80, 81);

    private static final int MAX_ID_DIGITS = 10;

    /**
     * Decodes and checks {@code fattr}.
     *
     * @param create whether these are CREATE's createattrs: a directory or symlink has no size to set
     * @throws NfsException NFS4ERR_BADXDR for values that do not decode, NFS4ERR_INVAL for a read-only
     *     attribute (§18.30.3), a size in createattrs, mode bits beyond 07777 or a time with nseconds of 10^9 or
     *     more, NFS4ERR_ATTRNOTSUPP for one this server does not set, NFS4ERR_BADOWNER for an owner or group
     *     that is neither numeric nor known, NFS4ERR_FBIG for a size beyond 2^63 - 1
     */
    static AttrChanges decode(OpContext ctx, Fattr4 fattr, boolean create) throws NfsException {
        FileAttrs a;
        try {
            a = FileAttrs.decode(fattr, ctx.services().xdrLimits());
        } catch (AttrNotSupportedException e) {
            throw new NfsException(NfsStatus.ATTRNOTSUPP, e.getMessage());
        } catch (XdrException e) {
            throw new NfsException(NfsStatus.BADXDR, "fattr4: " + e.getMessage());
        }
        BitSet given = a.mask().toBitSet();
        for (int n = given.nextSetBit(0); n >= 0; n = given.nextSetBit(n + 1)) {
            if (NOT_SUPPORTED.isSet(n)) {
                throw new NfsException(NfsStatus.ATTRNOTSUPP, "attribute " + FileAttr.of(n)
                        + " (expected: one of " + SETTABLE + ")");
            }
            if (!SETTABLE.isSet(n)) {
                throw new NfsException(NfsStatus.INVAL, "attribute " + FileAttr.of(n) + ": read-only (expected: one of "
                        + SETTABLE + ")");
            }
        }
        Integer mode = a.get(FileAttr.MODE);
        if (mode != null && (mode & ~07777) != 0) {
            throw new NfsException(NfsStatus.INVAL, "mode: 0" + Integer.toOctalString(mode)
                    + " (expected: permission bits within 07777)");
        }
        Long size = a.get(FileAttr.SIZE);
        if (size != null && create) {
            throw new NfsException(NfsStatus.INVAL, "createattrs: size (expected: none for a directory or symlink)");
        }
        if (size != null && size < 0) {
            throw new NfsException(NfsStatus.FBIG, "size: " + Long.toUnsignedString(size) + " (expected: at most "
                    + Long.MAX_VALUE + ")");
        }
        IdentityService identity = ctx.services().exports().identity();
        String owner = a.get(FileAttr.OWNER);
        String group = a.get(FileAttr.OWNER_GROUP);
        Integer uid = owner == null ? null : id(owner, "owner", n -> identity.principal(n).map(Principal::uid));
        Integer gid = group == null ? null : id(group, "owner_group", n -> identity.group(n).map(Group::gid));
        SetTime atime = checked(a.get(FileAttr.TIME_ACCESS_SET), "time_access_set");
        SetTime mtime = checked(a.get(FileAttr.TIME_MODIFY_SET), "time_modify_set");
        NfsTime created = a.get(FileAttr.TIME_CREATE);
        Instant birth = created == null ? null : instant(created, "time_create");
        return new AttrChanges(a.mask(), mode, uid, gid, size, atime, mtime, birth);
    }

    /**
     * A numeric id, always accepted, or a name the identity service knows (RFC 8881 §5.9: a server that
     * accepts numeric strings must also accept names it can map).
     */
    private static int id(String text, String what, Function<String, Optional<Integer>> byName) throws NfsException {
        if (!text.isEmpty() && text.length() <= MAX_ID_DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Integer.parseUnsignedInt(text);
            } catch (NumberFormatException e) {
                // Ten digits beyond 2^32 - 1: not an id, perhaps a name.
            }
        }
        return byName.apply(text).orElseThrow(() -> new NfsException(NfsStatus.BADOWNER, what + ": '" + text
                + "' (expected: a numeric id below 2^32 or a known name)"));
    }

    private static @Nullable SetTime checked(@Nullable SetTime t, String what) throws NfsException {
        if (t != null && t.time() != null) {
            instant(t.time(), what);
        }
        return t;
    }

    /**
     * @throws NfsException NFS4ERR_INVAL for nseconds of 10^9 or more (RFC 8881 §3.3.1) or seconds beyond what
     *     the backend keeps
     */
    static Instant instant(NfsTime t, String what) throws NfsException {
        if (t.nseconds() < 0 || t.nseconds() >= 1_000_000_000) {
            throw new NfsException(NfsStatus.INVAL, what + ": nseconds " + Integer.toUnsignedString(t.nseconds())
                    + " (expected: below 10^9)");
        }
        try {
            return Instant.ofEpochSecond(t.seconds(), t.nseconds());
        } catch (DateTimeException e) {
            throw new NfsException(NfsStatus.INVAL, what + ": seconds " + t.seconds() + " (expected: between "
                    + Instant.MIN.getEpochSecond() + " and " + Instant.MAX.getEpochSecond() + ")");
        }
    }

    /**
     * @return whether the times given are all the server's current time (SET_TO_SERVER_TIME4): then write
     *     permission is enough to set them, as for utimensat(UTIME_NOW)
     */
    boolean timesToNow() {
        return birthTime == null && (accessTime == null || accessTime.time() == null)
                && (modifyTime == null || modifyTime.time() == null);
    }

    /**
     * @return the backend change of everything but the size, with SET_TO_SERVER_TIME4 as {@code now}; an owner
     *     equal to {@code current}'s is left out, so that setting it succeeds for any caller, as RFC 8881
     *     §18.30.3 asks (a server SHOULD allow setting the owner to the current owner)
     * @throws NfsException never: the times were checked by {@link #decode}
     */
    SetAttributes withoutSize(Instant now, Attributes current) throws NfsException {
        SetAttributes.Builder b = SetAttributes.builder();
        if (mode != null) {
            b.mode(mode);
        }
        if (uid != null && uid != current.uid()) {
            b.uid(uid);
        }
        if (gid != null) {
            b.gid(gid);
        }
        return times(b, now).build();
    }

    /** @return the backend change of the times only, with SET_TO_SERVER_TIME4 as {@code now} */
    SetAttributes timesOnly(Instant now) throws NfsException {
        return times(SetAttributes.builder(), now).build();
    }

    private SetAttributes.Builder times(SetAttributes.Builder b, Instant now) throws NfsException {
        if (accessTime != null) {
            b.accessTime(accessTime.time() == null ? now : instant(accessTime.time(), "time_access_set"));
        }
        if (modifyTime != null) {
            b.modifyTime(modifyTime.time() == null ? now : instant(modifyTime.time(), "time_modify_set"));
        }
        if (birthTime != null) {
            b.birthTime(birthTime);
        }
        return b;
    }

    /** @return the time attributes given (time_access_set, time_create, time_modify_set) */
    Bitmap timeMask() {
        BitSet t = mask.toBitSet();
        t.and(Bitmap.of(48, 50, 54).toBitSet());
        return Bitmap.of(t.stream().toArray());
    }
}
