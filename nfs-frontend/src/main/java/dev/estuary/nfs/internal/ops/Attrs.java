package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.nfs.internal.codec.AttrNotSupportedException;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.Fsid;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.SpecData;
import dev.estuary.nfs.internal.codec.XdrException;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The fattr4 values of an object (RFC 8881 §5), all from the backend so every protocol and process
 * agrees: fileid is the file number, numlinks the link count, change the backend's change counter
 * (moved by every modification through any protocol, so change_attr_type is MONOTONIC_INCR, RFC 7862
 * §12.2.3), owners are numeric strings (AUTH_SYS clients, notes/nfs.md §2.1), times keep nanoseconds.
 * Each volume is its own file system (fsid from its root id); the pseudo-root is another, and where it
 * is crossed the volume root reports mounted_on_fileid, the fileid of its entry in the pseudo-root
 * (§5.8.2.23). Unsupported attributes are left out of the answer (§5.5: the client masks its requests by
 * supported_attrs). The write-only time_access_set and time_modify_set are claimed because SETATTR sets them
 * (the Linux client only sends the attributes supported_attrs names); ACLs and named attributes are not.
 */
public final class Attrs {
    /** change_attr_type4 NFS4_CHANGE_TYPE_IS_MONOTONIC_INCR (RFC 7862 §12.2.3). */
    public static final int CHANGE_TYPE_IS_MONOTONIC_INCR = 0;
    /** The pseudo-root's fileid. */
    public static final long PSEUDO_ROOT_FILEID = 1;
    /** The pseudo-root's fsid: volumes use their root id, which is never (0, 0). */
    public static final Fsid PSEUDO_ROOT_FSID = new Fsid(0, 0);
    /** maxread and maxwrite: what the Linux client uses at most (notes/nfs.md §2.1). */
    public static final long MAX_IO = 1 << 20;
    /** time_delta: server-set times come from a Java clock with microsecond resolution. */
    public static final NfsTime TIME_DELTA = new NfsTime(0, 1000);

    private static final int[] COMMON = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 16, 17, 18, 19, 20, 21, 22, 23,
        27, 28, 29, 30, 31, 33, 35, 36, 37, 41, 42, 43, 44, 45, 47, 48, 50, 51, 52, 53, 54, 55, 62, 75};
    /** supported_attrs at minor version 1. */
    public static final Bitmap SUPPORTED_41 = Bitmap.of(COMMON);
    /** supported_attrs at minor version 2: adds change_attr_type (RFC 7862) and xattr_support (RFC 8276). */
    public static final Bitmap SUPPORTED_42 = Bitmap.of(concat(COMMON, 79, 82));
    /** Attributes that can only be set (§5.5): asking for them in GETATTR is NFS4ERR_INVAL (§18.7.3). */
    public static final Bitmap WRITE_ONLY = Bitmap.of(48, 54, 74, 81);

    private Attrs() {
    }

    private static int[] concat(int[] a, int... b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** @return supported_attrs for the COMPOUND's minor version */
    public static Bitmap supported(int minorVersion) {
        return minorVersion >= 2 ? SUPPORTED_42 : SUPPORTED_41;
    }

    /** @return whether any bit of {@code a} is set in {@code b} */
    static boolean intersects(Bitmap a, Bitmap b) {
        return a.toBitSet().intersects(b.toBitSet());
    }

    /**
     * Everything the values come from.
     *
     * @param ref the object
     * @param attributes its attributes (synthetic for the pseudo-root)
     * @param statfs the file system's figures, read only when asked
     * @param fsid the file system id
     * @param mountedOnFileId mounted_on_fileid
     */
    public record Source(FileRef ref, Attributes attributes, Supplier<FsStats> statfs, Fsid fsid,
            long mountedOnFileId) {
    }

    /** Reads the source of {@code ref} from the backend through the caller's view. */
    public static Source source(OpContext ctx, FileRef ref) throws NfsException {
        return switch (ref) {
            case FileRef.PseudoRoot r -> pseudoRoot(ctx);
            case FileRef.InVolume v -> source(ctx, v, ctx.view(v.volume()).getAttributes(v.id()));
        };
    }

    /** The source of an object whose attributes are already known (READDIR entries). */
    public static Source source(OpContext ctx, FileRef.InVolume ref, Attributes a) throws NfsException {
        CheckedVolume view = ctx.view(ref.volume());
        Supplier<FsStats> statfs = memoize(view::statfs);
        long mountedOn = ref.isVolumeRoot() ? mountPointFileId(ref.volumeRoot()) : a.fileNumber();
        return new Source(ref, a, statfs, fsid(ref.volumeRoot()), mountedOn);
    }

    private static Source pseudoRoot(OpContext ctx) {
        List<VolumeInfo> volumes = ctx.services().exports().mountable(ctx.call());
        Instant t = volumes.stream().map(VolumeInfo::created).max(Instant::compareTo).orElse(Instant.EPOCH);
        // The listing changes when a volume appears, disappears or its export rules change (the identity
        // generation moves with every rule change).
        long change = ctx.services().exports().identity().generation() * 31 + volumes.hashCode();
        Attributes a = new Attributes(new ObjectId(0, 0), ObjectType.DIRECTORY, 0555, 0, 0, 0, 0, t, t, t, t,
                change, PSEUDO_ROOT_FILEID, 2 + volumes.size());
        return new Source(new FileRef.PseudoRoot(), a, () -> new FsStats(0, 0, 0, volumes.size(), Limits.MAX_NAME_BYTES),
                PSEUDO_ROOT_FSID, PSEUDO_ROOT_FILEID);
    }

    /** @return the fsid of a volume */
    public static Fsid fsid(ObjectId volumeRoot) {
        return new Fsid(volumeRoot.hi(), volumeRoot.lo());
    }

    /**
     * @return the fileid of a volume's entry in the pseudo-root: derived from the root id, stable across
     *     restarts and distinct from the pseudo-root's own
     */
    public static long mountPointFileId(ObjectId volumeRoot) {
        long v = (volumeRoot.hi() ^ Long.rotateLeft(volumeRoot.lo(), 17)) & Long.MAX_VALUE;
        // Also a READDIR cookie of the pseudo-root: 0, 1 and 2 are reserved (§18.23.3).
        return v < 3 ? v + 3 : v;
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private @Nullable T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    v = s.get();
                    value = v;
                }
                return v;
            }
        };
    }

    /** @return the values of the attributes in {@code request} that this server supports */
    public static FileAttrs values(OpContext ctx, Source s, Bitmap request) {
        Attributes a = s.attributes();
        FileAttrs.Builder b = FileAttrs.builder();
        Bitmap supported = supported(ctx.minorVersion());
        BitSet want = request.and(supported).toBitSet();
        // Write-only attributes have no value to answer (GETATTR and READDIR refuse them first).
        want.andNot(WRITE_ONLY.toBitSet());
        for (int n = want.nextSetBit(0); n >= 0; n = want.nextSetBit(n + 1)) {
            switch (n) {
                case 0 -> b.set(FileAttr.SUPPORTED_ATTRS, supported);
                case 1 -> b.set(FileAttr.TYPE, type(a.type()));
                case 2 -> b.set(FileAttr.FH_EXPIRE_TYPE, 0); // FH4_PERSISTENT (§4.2.3)
                case 3 -> b.set(FileAttr.CHANGE, a.change());
                case 4 -> b.set(FileAttr.SIZE, a.size());
                // The backend contract has no hard links (Attributes.linkCount): LINK answers NFS4ERR_NOTSUPP.
                case 5 -> b.set(FileAttr.LINK_SUPPORT, false);
                case 6 -> b.set(FileAttr.SYMLINK_SUPPORT, true);
                case 7 -> b.set(FileAttr.NAMED_ATTR, false);
                case 8 -> b.set(FileAttr.FSID_ATTR, s.fsid());
                case 9 -> b.set(FileAttr.UNIQUE_HANDLES, true);
                case 10 -> b.set(FileAttr.LEASE_TIME, (int) ctx.services().clients().limits().lease().toSeconds());
                case 11 -> b.set(FileAttr.RDATTR_ERROR, NfsStatus.OK);
                case 13 -> b.set(FileAttr.ACLSUPPORT, 0);
                case 16 -> b.set(FileAttr.CASE_INSENSITIVE, false);
                case 17 -> b.set(FileAttr.CASE_PRESERVING, true);
                case 18 -> b.set(FileAttr.CHOWN_RESTRICTED, true);
                case 19 -> b.set(FileAttr.FILEHANDLE, FileHandles.encode(s.ref()));
                case 20 -> b.set(FileAttr.FILEID, a.fileNumber());
                // No per-object limit in the backend: free "files" are estimated from free space, 512 B each.
                case 21 -> b.set(FileAttr.FILES_AVAIL, s.statfs().get().availableBytes() / 512);
                case 22 -> b.set(FileAttr.FILES_FREE, s.statfs().get().freeBytes() / 512);
                case 23 -> b.set(FileAttr.FILES_TOTAL, s.statfs().get().objects() + s.statfs().get().freeBytes() / 512);
                case 27 -> b.set(FileAttr.MAXFILESIZE, Limits.MAX_FILE_SIZE);
                case 28 -> b.set(FileAttr.MAXLINK, 1);
                case 29 -> b.set(FileAttr.MAXNAME, Limits.MAX_NAME_BYTES);
                case 30 -> b.set(FileAttr.MAXREAD, MAX_IO);
                case 31 -> b.set(FileAttr.MAXWRITE, MAX_IO);
                case 33 -> b.set(FileAttr.MODE, a.mode());
                case 35 -> b.set(FileAttr.NUMLINKS, a.linkCount());
                case 36 -> b.set(FileAttr.OWNER, Integer.toUnsignedString(a.uid()));
                case 37 -> b.set(FileAttr.OWNER_GROUP, Integer.toUnsignedString(a.gid()));
                case 41 -> b.set(FileAttr.RAWDEV, new SpecData(0, 0));
                case 42 -> b.set(FileAttr.SPACE_AVAIL, s.statfs().get().availableBytes());
                case 43 -> b.set(FileAttr.SPACE_FREE, s.statfs().get().freeBytes());
                case 44 -> b.set(FileAttr.SPACE_TOTAL, s.statfs().get().totalBytes());
                case 45 -> b.set(FileAttr.SPACE_USED, a.allocatedBytes());
                case 47 -> b.set(FileAttr.TIME_ACCESS, time(a.accessTime()));
                case 50 -> b.set(FileAttr.TIME_CREATE, time(a.birthTime()));
                case 51 -> b.set(FileAttr.TIME_DELTA, TIME_DELTA);
                case 52 -> b.set(FileAttr.TIME_METADATA, time(a.changeTime()));
                case 53 -> b.set(FileAttr.TIME_MODIFY, time(a.modifyTime()));
                case 55 -> b.set(FileAttr.MOUNTED_ON_FILEID, s.mountedOnFileId());
                case 62 -> b.set(FileAttr.FS_LAYOUT_TYPES, List.of());
                // What EXCLUSIVE4_1 may set: not the times, which carry the verifier (§18.16.3).
                case 75 -> b.set(FileAttr.SUPPATTR_EXCLCREAT, OpenOp.EXCLUSIVE_SETTABLE);
                case 79 -> b.set(FileAttr.CHANGE_ATTR_TYPE, CHANGE_TYPE_IS_MONOTONIC_INCR);
                // The RFC 8276 operations work where the backend keeps xattrs (the Linux client uses them only then).
                case 82 -> b.set(FileAttr.XATTR_SUPPORT, xattrSupport(ctx));
                default -> throw new IllegalStateException("attribute " + n + " is in supported_attrs without a value");
            }
        }
        return b.build();
    }

    /** @return whether GETXATTR, SETXATTR, LISTXATTRS and REMOVEXATTR work: the backend offers xattrs */
    public static boolean xattrSupport(OpContext ctx) {
        return ctx.services().exports().dfs().capabilities().contains(Capability.XATTRS);
    }

    /**
     * VERIFY and NVERIFY (§18.31, §18.15): whether the object's values equal every value given.
     *
     * @throws NfsException NFS4ERR_ATTRNOTSUPP for an attribute not supported, NFS4ERR_INVAL for rdattr_error or
     *     a write-only attribute (§18.31.3), NFS4ERR_BADXDR for values that do not decode
     */
    public static boolean matches(OpContext ctx, Source s, Fattr4 given) throws NfsException {
        FileAttrs want;
        try {
            want = FileAttrs.decode(given, ctx.services().xdrLimits());
        } catch (AttrNotSupportedException e) {
            throw new NfsException(NfsStatus.ATTRNOTSUPP, e.getMessage());
        } catch (XdrException e) {
            throw new NfsException(NfsStatus.BADXDR, "fattr4: " + e.getMessage());
        }
        Bitmap mask = want.mask();
        if (mask.isSet(FileAttr.RDATTR_ERROR.number()) || intersects(mask, WRITE_ONLY)) {
            throw new NfsException(NfsStatus.INVAL, "attributes: " + mask + " (expected: no rdattr_error and no"
                    + " write-only attribute)");
        }
        BitSet unsupported = mask.toBitSet();
        unsupported.andNot(supported(ctx.minorVersion()).toBitSet());
        if (!unsupported.isEmpty()) {
            throw new NfsException(NfsStatus.ATTRNOTSUPP, "attributes: " + unsupported
                    + " (expected: only supported_attrs)");
        }
        return values(ctx, s, mask).equals(want);
    }

    private static int type(ObjectType t) {
        return switch (t) {
            case FILE -> FileAttr.NF4REG;
            case DIRECTORY -> FileAttr.NF4DIR;
            case SYMLINK -> FileAttr.NF4LNK;
        };
    }

    /** @return the nfstime4 of an instant, nanoseconds kept */
    public static NfsTime time(Instant i) {
        return new NfsTime(i.getEpochSecond(), i.getNano());
    }
}
