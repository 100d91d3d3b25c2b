package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.nfs.internal.codec.AttrNotSupportedException;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.XdrException;
import java.time.Clock;
import java.time.Instant;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * The createattrs of OPEN (RFC 8881 §18.16.3): the attributes a new file is made with. Supported: mode,
 * owner and owner_group (numeric strings, as AUTH_SYS clients send them), size (only 0: truncate) and, except
 * for EXCLUSIVE4_1 whose verifier lives in the times, time_access_set and time_modify_set. Anything else
 * the server supports is NFS4ERR_INVAL (read-only) and anything it does not NFS4ERR_ATTRNOTSUPP.
 *
 * @param given the attributes given
 * @param mode the permission bits, or null
 * @param uid the owner, or null
 * @param gid the group, or null
 * @param truncate whether size 0 was given
 * @param accessTime time_access_set, or null (SET_TO_SERVER_TIME is resolved)
 * @param modifyTime time_modify_set, or null
 */
record CreateAttrs(Bitmap given, @Nullable Integer mode, @Nullable Integer uid, @Nullable Integer gid, boolean truncate,
        @Nullable Instant accessTime, @Nullable Instant modifyTime) {
    /** What EXCLUSIVE4_1 may set (suppattr_exclcreat, attribute 75): the times carry the verifier. */
    static final Bitmap EXCLUSIVE_SETTABLE = Bitmap.of(4, 33, 36, 37);
    private static final Bitmap SETTABLE = Bitmap.of(4, 33, 36, 37, 48, 54);

    /** No attributes. */
    static final CreateAttrs NONE = new CreateAttrs(Bitmap.EMPTY, null, null, null, false, null, null);

    /**
     * @param exclusive EXCLUSIVE4_1: only {@link #EXCLUSIVE_SETTABLE}
     * @param clock for SET_TO_SERVER_TIME
     * @throws NfsException NFS4ERR_ATTRNOTSUPP, NFS4ERR_INVAL (a read-only attribute, one the mode may not set,
     *     a mode beyond 07777, a size other than 0), NFS4ERR_BADOWNER, NFS4ERR_BADXDR
     */
    static CreateAttrs parse(OpContext ctx, Fattr4 fattr, boolean exclusive, Clock clock) throws NfsException {
        FileAttrs a;
        try {
            a = FileAttrs.decode(fattr, ctx.services().xdrLimits());
        } catch (AttrNotSupportedException e) {
            throw new NfsException(NfsStatus.ATTRNOTSUPP, e.getMessage());
        } catch (XdrException e) {
            throw new NfsException(NfsStatus.BADXDR, "createattrs: " + e.getMessage());
        }
        BitSet unsupported = a.mask().toBitSet();
        unsupported.andNot(Attrs.supported(ctx.minorVersion()).toBitSet());
        if (!unsupported.isEmpty()) {
            throw new NfsException(NfsStatus.ATTRNOTSUPP, "createattrs: " + unsupported
                    + " (expected: only supported_attrs)");
        }
        BitSet notSettable = a.mask().toBitSet();
        notSettable.andNot((exclusive ? EXCLUSIVE_SETTABLE : SETTABLE).toBitSet());
        if (!notSettable.isEmpty()) {
            throw new NfsException(NfsStatus.INVAL, "createattrs: " + notSettable + " (expected: only "
                    + (exclusive ? EXCLUSIVE_SETTABLE : SETTABLE) + ")");
        }
        Integer mode = a.get(FileAttr.MODE);
        if (mode != null && (mode & ~07777) != 0) {
            throw new NfsException(NfsStatus.INVAL, "mode: 0" + Integer.toOctalString(mode)
                    + " (expected: permission bits within 07777)");
        }
        Long size = a.get(FileAttr.SIZE);
        if (size != null && size != 0) {
            throw new NfsException(NfsStatus.INVAL, "size: " + Long.toUnsignedString(size)
                    + " (expected: 0, the only size OPEN sets)");
        }
        return new CreateAttrs(a.mask(), mode, id(a.get(FileAttr.OWNER), "owner"),
                id(a.get(FileAttr.OWNER_GROUP), "owner_group"), size != null,
                time(a.get(FileAttr.TIME_ACCESS_SET), clock), time(a.get(FileAttr.TIME_MODIFY_SET), clock));
    }

    private static @Nullable Integer id(@Nullable String s, String what) throws NfsException {
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseUnsignedInt(s);
        } catch (NumberFormatException e) {
            throw new NfsException(NfsStatus.BADOWNER, what + ": '" + s + "' (expected: a numeric id)");
        }
    }

    private static @Nullable Instant time(FileAttr.@Nullable SetTime t, Clock clock) throws NfsException {
        if (t == null) {
            return null;
        }
        NfsTime n = t.time();
        if (n == null) {
            return clock.instant();
        }
        if (n.nseconds() < 0 || n.nseconds() >= 1_000_000_000) {
            throw new NfsException(NfsStatus.INVAL, "nseconds: " + Integer.toUnsignedString(n.nseconds())
                    + " (expected: 0..999999999)");
        }
        return Instant.ofEpochSecond(n.seconds(), n.nseconds());
    }

    /** @return the owner a new file gets: the given ids, else the caller's with the volume's group */
    Ownership owner(CheckedVolume view) {
        Ownership d = view.newOwner();
        return new Ownership(uid != null ? uid : d.uid(), gid != null ? gid : d.gid());
    }

    /** @return the times to set after the create, or null for none */
    @Nullable SetAttributes times() {
        if (accessTime == null && modifyTime == null) {
            return null;
        }
        return new SetAttributes(null, null, null, null, accessTime, modifyTime, null);
    }

    /** @return the attributes a new file was made with, for attrset: all given but the size (nothing to do) */
    Bitmap setOnCreate() {
        BitSet b = given.toBitSet();
        b.clear(4);
        return Bitmap.of(b.stream().toArray());
    }
}
