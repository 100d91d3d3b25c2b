package dev.estuary.nfs.internal.codec;

import dev.estuary.nfs.internal.codec.Types.Ace;
import dev.estuary.nfs.internal.codec.Types.Fsid;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.SpecData;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One file attribute of fattr4: its number (RFC 7863; RFC 8881 §5.8, RFC 7862 §12.2, RFC 8275,
 * RFC 8276 §8.2), its name and the codec of its value type. The constants are the attributes the
 * Linux client asks for (notes/nfs.md §2.1, §2.3) plus the other fixed-size ones of RFC 8881 §5.
 *
 * @param <T> the Java type of the value
 */
public final class FileAttr<T> {
    /** Reads and writes one attribute value. */
    interface ValueCodec<T> {
        T read(XdrReader in) throws XdrException;

        void write(XdrWriter out, T value);
    }

    /** settime4 (RFC 8881 §3.3.2): a client time, or null for SET_TO_SERVER_TIME4. */
    public record SetTime(@Nullable NfsTime time) {
        /** SET_TO_SERVER_TIME4. */
        public static final SetTime SERVER = new SetTime(null);
    }

    /** sec_label4 (RFC 7862 §12.2.4): label format specifier (lfs4) and the label. */
    public record SecLabel(int lfs, int pi, Bytes data) {
    }

    /** mode_umask4 (RFC 8275 §3) and mode_masked4 (RFC 8881 §5.8.2.16): two mode words. */
    public record ModePair(int mode, int mask) {
    }

    private static final ValueCodec<Integer> U32 = new ValueCodec<>() {
        public Integer read(XdrReader in) throws XdrException { return in.readInt("uint32 attribute"); }
        public void write(XdrWriter out, Integer v) { out.writeInt(v); }
    };
    private static final ValueCodec<Long> U64 = new ValueCodec<>() {
        public Long read(XdrReader in) throws XdrException { return in.readLong("uint64 attribute"); }
        public void write(XdrWriter out, Long v) { out.writeLong(v); }
    };
    private static final ValueCodec<Boolean> BOOL = new ValueCodec<>() {
        public Boolean read(XdrReader in) throws XdrException { return in.readBool("bool attribute"); }
        public void write(XdrWriter out, Boolean v) { out.writeBool(v); }
    };
    private static final ValueCodec<String> UTF8 = new ValueCodec<>() {
        public String read(XdrReader in) throws XdrException { return in.readString(Integer.MAX_VALUE, "utf8 attribute"); }
        public void write(XdrWriter out, String v) { out.writeString(v); }
    };
    private static final ValueCodec<Bitmap> BITMAP = new ValueCodec<>() {
        public Bitmap read(XdrReader in) throws XdrException { return Bitmap.decode(in, "bitmap4 attribute"); }
        public void write(XdrWriter out, Bitmap v) { v.encode(out); }
    };
    private static final ValueCodec<NfsTime> TIME = new ValueCodec<>() {
        public NfsTime read(XdrReader in) throws XdrException { return NfsTime.decode(in); }
        public void write(XdrWriter out, NfsTime v) { v.encode(out); }
    };
    private static final ValueCodec<SetTime> SETTIME = new ValueCodec<>() {
        public SetTime read(XdrReader in) throws XdrException {
            int how = in.readInt("set_it");
            return switch (how) {
                case 0 -> SetTime.SERVER;
                case 1 -> new SetTime(NfsTime.decode(in));
                default -> throw new XdrException("set_it: " + how + " (expected: 0 server or 1 client time)");
            };
        }
        public void write(XdrWriter out, SetTime v) {
            if (v.time() == null) {
                out.writeInt(0);
            } else {
                out.writeInt(1);
                v.time().encode(out);
            }
        }
    };
    private static final ValueCodec<Fsid> FSID = new ValueCodec<>() {
        public Fsid read(XdrReader in) throws XdrException { return Fsid.decode(in); }
        public void write(XdrWriter out, Fsid v) { v.encode(out); }
    };
    private static final ValueCodec<SpecData> SPECDATA = new ValueCodec<>() {
        public SpecData read(XdrReader in) throws XdrException { return SpecData.decode(in); }
        public void write(XdrWriter out, SpecData v) { v.encode(out); }
    };
    private static final ValueCodec<Bytes> FH = new ValueCodec<>() {
        public Bytes read(XdrReader in) throws XdrException { return in.readOpaque(Types.FH_SIZE, "filehandle"); }
        public void write(XdrWriter out, Bytes v) { out.writeOpaque(v); }
    };
    private static final ValueCodec<NfsStatus> STATUS = new ValueCodec<>() {
        public NfsStatus read(XdrReader in) throws XdrException { return NfsStatus.decode(in, "rdattr_error"); }
        public void write(XdrWriter out, NfsStatus v) { v.encode(out); }
    };
    private static final ValueCodec<List<Ace>> ACL = new ValueCodec<>() {
        public List<Ace> read(XdrReader in) throws XdrException {
            return Types.readList(in, Integer.MAX_VALUE, 16, "acl", Ace::decode);
        }
        public void write(XdrWriter out, List<Ace> v) { out.writeInt(v.size()); v.forEach(a -> a.encode(out)); }
    };
    private static final ValueCodec<List<Integer>> U32_LIST = new ValueCodec<>() {
        public List<Integer> read(XdrReader in) throws XdrException {
            return Types.readList(in, Integer.MAX_VALUE, 4, "uint32 list", r -> r.readInt("uint32"));
        }
        public void write(XdrWriter out, List<Integer> v) { out.writeInt(v.size()); v.forEach(out::writeInt); }
    };
    private static final ValueCodec<SecLabel> SECLABEL = new ValueCodec<>() {
        public SecLabel read(XdrReader in) throws XdrException {
            return new SecLabel(in.readInt("lfs_lfs"), in.readInt("lfs_pi"), in.readOpaque("slai_data"));
        }
        public void write(XdrWriter out, SecLabel v) { out.writeInt(v.lfs()).writeInt(v.pi()).writeOpaque(v.data()); }
    };
    private static final ValueCodec<ModePair> MODEPAIR = new ValueCodec<>() {
        public ModePair read(XdrReader in) throws XdrException { return new ModePair(in.readInt("mode"), in.readInt("mask")); }
        public void write(XdrWriter out, ModePair v) { out.writeInt(v.mode()).writeInt(v.mask()); }
    };

    /** supported_attrs (0). */
    public static final FileAttr<Bitmap> SUPPORTED_ATTRS = new FileAttr<>(0, "supported_attrs", BITMAP);
    /** type (1): nfs_ftype4, see {@link #NF4REG} and following. */
    public static final FileAttr<Integer> TYPE = new FileAttr<>(1, "type", U32);
    /** fh_expire_type (2): 0 is FH4_PERSISTENT. */
    public static final FileAttr<Integer> FH_EXPIRE_TYPE = new FileAttr<>(2, "fh_expire_type", U32);
    /** change (3). */
    public static final FileAttr<Long> CHANGE = new FileAttr<>(3, "change", U64);
    /** size (4). */
    public static final FileAttr<Long> SIZE = new FileAttr<>(4, "size", U64);
    /** link_support (5). */
    public static final FileAttr<Boolean> LINK_SUPPORT = new FileAttr<>(5, "link_support", BOOL);
    /** symlink_support (6). */
    public static final FileAttr<Boolean> SYMLINK_SUPPORT = new FileAttr<>(6, "symlink_support", BOOL);
    /** named_attr (7). */
    public static final FileAttr<Boolean> NAMED_ATTR = new FileAttr<>(7, "named_attr", BOOL);
    /** fsid (8). */
    public static final FileAttr<Fsid> FSID_ATTR = new FileAttr<>(8, "fsid", FSID);
    /** unique_handles (9). */
    public static final FileAttr<Boolean> UNIQUE_HANDLES = new FileAttr<>(9, "unique_handles", BOOL);
    /** lease_time (10), seconds. */
    public static final FileAttr<Integer> LEASE_TIME = new FileAttr<>(10, "lease_time", U32);
    /** rdattr_error (11). */
    public static final FileAttr<NfsStatus> RDATTR_ERROR = new FileAttr<>(11, "rdattr_error", STATUS);
    /** acl (12). */
    public static final FileAttr<List<Ace>> ACL_ATTR = new FileAttr<>(12, "acl", ACL);
    /** aclsupport (13). */
    public static final FileAttr<Integer> ACLSUPPORT = new FileAttr<>(13, "aclsupport", U32);
    /** archive (14). */
    public static final FileAttr<Boolean> ARCHIVE = new FileAttr<>(14, "archive", BOOL);
    /** cansettime (15). */
    public static final FileAttr<Boolean> CANSETTIME = new FileAttr<>(15, "cansettime", BOOL);
    /** case_insensitive (16). */
    public static final FileAttr<Boolean> CASE_INSENSITIVE = new FileAttr<>(16, "case_insensitive", BOOL);
    /** case_preserving (17). */
    public static final FileAttr<Boolean> CASE_PRESERVING = new FileAttr<>(17, "case_preserving", BOOL);
    /** chown_restricted (18). */
    public static final FileAttr<Boolean> CHOWN_RESTRICTED = new FileAttr<>(18, "chown_restricted", BOOL);
    /** filehandle (19). */
    public static final FileAttr<Bytes> FILEHANDLE = new FileAttr<>(19, "filehandle", FH);
    /** fileid (20). */
    public static final FileAttr<Long> FILEID = new FileAttr<>(20, "fileid", U64);
    /** files_avail (21). */
    public static final FileAttr<Long> FILES_AVAIL = new FileAttr<>(21, "files_avail", U64);
    /** files_free (22). */
    public static final FileAttr<Long> FILES_FREE = new FileAttr<>(22, "files_free", U64);
    /** files_total (23). */
    public static final FileAttr<Long> FILES_TOTAL = new FileAttr<>(23, "files_total", U64);
    /** hidden (25). */
    public static final FileAttr<Boolean> HIDDEN = new FileAttr<>(25, "hidden", BOOL);
    /** homogeneous (26). */
    public static final FileAttr<Boolean> HOMOGENEOUS = new FileAttr<>(26, "homogeneous", BOOL);
    /** maxfilesize (27). */
    public static final FileAttr<Long> MAXFILESIZE = new FileAttr<>(27, "maxfilesize", U64);
    /** maxlink (28). */
    public static final FileAttr<Integer> MAXLINK = new FileAttr<>(28, "maxlink", U32);
    /** maxname (29). */
    public static final FileAttr<Integer> MAXNAME = new FileAttr<>(29, "maxname", U32);
    /** maxread (30). */
    public static final FileAttr<Long> MAXREAD = new FileAttr<>(30, "maxread", U64);
    /** maxwrite (31). */
    public static final FileAttr<Long> MAXWRITE = new FileAttr<>(31, "maxwrite", U64);
    /** mimetype (32). */
    public static final FileAttr<String> MIMETYPE = new FileAttr<>(32, "mimetype", UTF8);
    /** mode (33). */
    public static final FileAttr<Integer> MODE = new FileAttr<>(33, "mode", U32);
    /** no_trunc (34). */
    public static final FileAttr<Boolean> NO_TRUNC = new FileAttr<>(34, "no_trunc", BOOL);
    /** numlinks (35). */
    public static final FileAttr<Integer> NUMLINKS = new FileAttr<>(35, "numlinks", U32);
    /** owner (36): numeric strings ("1000") for AUTH_SYS clients (notes/nfs.md §2.1). */
    public static final FileAttr<String> OWNER = new FileAttr<>(36, "owner", UTF8);
    /** owner_group (37). */
    public static final FileAttr<String> OWNER_GROUP = new FileAttr<>(37, "owner_group", UTF8);
    /** quota_avail_hard (38). */
    public static final FileAttr<Long> QUOTA_AVAIL_HARD = new FileAttr<>(38, "quota_avail_hard", U64);
    /** quota_avail_soft (39). */
    public static final FileAttr<Long> QUOTA_AVAIL_SOFT = new FileAttr<>(39, "quota_avail_soft", U64);
    /** quota_used (40). */
    public static final FileAttr<Long> QUOTA_USED = new FileAttr<>(40, "quota_used", U64);
    /** rawdev (41). */
    public static final FileAttr<SpecData> RAWDEV = new FileAttr<>(41, "rawdev", SPECDATA);
    /** space_avail (42). */
    public static final FileAttr<Long> SPACE_AVAIL = new FileAttr<>(42, "space_avail", U64);
    /** space_free (43). */
    public static final FileAttr<Long> SPACE_FREE = new FileAttr<>(43, "space_free", U64);
    /** space_total (44). */
    public static final FileAttr<Long> SPACE_TOTAL = new FileAttr<>(44, "space_total", U64);
    /** space_used (45). */
    public static final FileAttr<Long> SPACE_USED = new FileAttr<>(45, "space_used", U64);
    /** system (46). */
    public static final FileAttr<Boolean> SYSTEM = new FileAttr<>(46, "system", BOOL);
    /** time_access (47). */
    public static final FileAttr<NfsTime> TIME_ACCESS = new FileAttr<>(47, "time_access", TIME);
    /** time_access_set (48), write-only. */
    public static final FileAttr<SetTime> TIME_ACCESS_SET = new FileAttr<>(48, "time_access_set", SETTIME);
    /** time_backup (49). */
    public static final FileAttr<NfsTime> TIME_BACKUP = new FileAttr<>(49, "time_backup", TIME);
    /** time_create (50). */
    public static final FileAttr<NfsTime> TIME_CREATE = new FileAttr<>(50, "time_create", TIME);
    /** time_delta (51): the server's time granularity. */
    public static final FileAttr<NfsTime> TIME_DELTA = new FileAttr<>(51, "time_delta", TIME);
    /** time_metadata (52). */
    public static final FileAttr<NfsTime> TIME_METADATA = new FileAttr<>(52, "time_metadata", TIME);
    /** time_modify (53). */
    public static final FileAttr<NfsTime> TIME_MODIFY = new FileAttr<>(53, "time_modify", TIME);
    /** time_modify_set (54), write-only. */
    public static final FileAttr<SetTime> TIME_MODIFY_SET = new FileAttr<>(54, "time_modify_set", SETTIME);
    /** mounted_on_fileid (55). */
    public static final FileAttr<Long> MOUNTED_ON_FILEID = new FileAttr<>(55, "mounted_on_fileid", U64);
    /** fs_layout_type (62): layouttype4 list, empty without pNFS. */
    public static final FileAttr<List<Integer>> FS_LAYOUT_TYPES = new FileAttr<>(62, "fs_layout_type", U32_LIST);
    /** layout_blksize (65). */
    public static final FileAttr<Integer> LAYOUT_BLKSIZE = new FileAttr<>(65, "layout_blksize", U32);
    /** mode_set_masked (74), write-only. */
    public static final FileAttr<ModePair> MODE_SET_MASKED = new FileAttr<>(74, "mode_set_masked", MODEPAIR);
    /** suppattr_exclcreat (75). */
    public static final FileAttr<Bitmap> SUPPATTR_EXCLCREAT = new FileAttr<>(75, "suppattr_exclcreat", BITMAP);
    /** fs_charset_cap (76). */
    public static final FileAttr<Integer> FS_CHARSET_CAP = new FileAttr<>(76, "fs_charset_cap", U32);
    /** clone_blksize (77, RFC 7862). */
    public static final FileAttr<Integer> CLONE_BLKSIZE = new FileAttr<>(77, "clone_blksize", U32);
    /** space_freed (78, RFC 7862). */
    public static final FileAttr<Long> SPACE_FREED = new FileAttr<>(78, "space_freed", U64);
    /** change_attr_type (79, RFC 7862): change_attr_type4. */
    public static final FileAttr<Integer> CHANGE_ATTR_TYPE = new FileAttr<>(79, "change_attr_type", U32);
    /** sec_label (80, RFC 7862). */
    public static final FileAttr<SecLabel> SEC_LABEL = new FileAttr<>(80, "sec_label", SECLABEL);
    /** mode_umask (81, RFC 8275), write-only. */
    public static final FileAttr<ModePair> MODE_UMASK = new FileAttr<>(81, "mode_umask", MODEPAIR);
    /** xattr_support (82, RFC 8276). */
    public static final FileAttr<Boolean> XATTR_SUPPORT = new FileAttr<>(82, "xattr_support", BOOL);

    /** nfs_ftype4 NF4REG. */
    public static final int NF4REG = 1;
    /** nfs_ftype4 NF4DIR. */
    public static final int NF4DIR = 2;
    /** nfs_ftype4 NF4BLK. */
    public static final int NF4BLK = 3;
    /** nfs_ftype4 NF4CHR. */
    public static final int NF4CHR = 4;
    /** nfs_ftype4 NF4LNK. */
    public static final int NF4LNK = 5;
    /** nfs_ftype4 NF4SOCK. */
    public static final int NF4SOCK = 6;
    /** nfs_ftype4 NF4FIFO. */
    public static final int NF4FIFO = 7;

    private final int number;
    private final String name;
    private final ValueCodec<T> codec;

    /** Every constant above, by number: built once from the declared fields, never changed. */
    private static final List<@Nullable FileAttr<?>> BY_NUMBER = byNumber();

    private FileAttr(int number, String name, ValueCodec<T> codec) {
        this.number = number;
        this.name = name;
        this.codec = codec;
    }

    private static List<@Nullable FileAttr<?>> byNumber() {
        List<FileAttr<?>> declared = new ArrayList<>();
        for (Field f : FileAttr.class.getDeclaredFields()) {
            if (f.getType() == FileAttr.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    declared.add((FileAttr<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        int max = declared.stream().mapToInt(FileAttr::number).max().orElse(0);
        List<@Nullable FileAttr<?>> out = new ArrayList<>(Collections.nCopies(max + 1, null));
        for (FileAttr<?> a : declared) {
            if (out.get(a.number) != null) {
                throw new IllegalStateException("attribute " + a.number + " defined twice");
            }
            out.set(a.number, a);
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the attribute number (its bit in bitmap4) */
    public int number() {
        return number;
    }

    /** @return the RFC name */
    public String name() {
        return name;
    }

    ValueCodec<T> codec() {
        return codec;
    }

    /** @return the attribute with this number, or null when the codec does not model it */
    public static @Nullable FileAttr<?> of(int number) {
        return number >= 0 && number < BY_NUMBER.size() ? BY_NUMBER.get(number) : null;
    }

    /** @return every attribute the codec models, by number */
    public static List<FileAttr<?>> all() {
        List<FileAttr<?>> out = new ArrayList<>();
        for (FileAttr<?> a : BY_NUMBER) {
            if (a != null) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return name + "(" + number + ")";
    }
}
