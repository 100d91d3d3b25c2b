package dev.estuary.nfs.internal.codec;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * nfsstat4: the one NFS status table, values from RFC 7863 (RFC 8881 §15.1, RFC 7862 §11.1,
 * RFC 8276 §8.6). Constants drop the {@code NFS4ERR_} prefix; {@link #OK} is {@code NFS4_OK}.
 */
public enum NfsStatus {
    /** NFS4_OK = 0. */
    OK(0),
    /** NFS4ERR_PERM = 1. */
    PERM(1),
    /** NFS4ERR_NOENT = 2. */
    NOENT(2),
    /** NFS4ERR_IO = 5. */
    IO(5),
    /** NFS4ERR_NXIO = 6. */
    NXIO(6),
    /** NFS4ERR_ACCESS = 13. */
    ACCESS(13),
    /** NFS4ERR_EXIST = 17. */
    EXIST(17),
    /** NFS4ERR_XDEV = 18. */
    XDEV(18),
    /** NFS4ERR_NOTDIR = 20. */
    NOTDIR(20),
    /** NFS4ERR_ISDIR = 21. */
    ISDIR(21),
    /** NFS4ERR_INVAL = 22. */
    INVAL(22),
    /** NFS4ERR_FBIG = 27. */
    FBIG(27),
    /** NFS4ERR_NOSPC = 28. */
    NOSPC(28),
    /** NFS4ERR_ROFS = 30. */
    ROFS(30),
    /** NFS4ERR_MLINK = 31. */
    MLINK(31),
    /** NFS4ERR_NAMETOOLONG = 63. */
    NAMETOOLONG(63),
    /** NFS4ERR_NOTEMPTY = 66. */
    NOTEMPTY(66),
    /** NFS4ERR_DQUOT = 69. */
    DQUOT(69),
    /** NFS4ERR_STALE = 70. */
    STALE(70),
    /** NFS4ERR_BADHANDLE = 10001. */
    BADHANDLE(10001),
    /** NFS4ERR_BAD_COOKIE = 10003. */
    BAD_COOKIE(10003),
    /** NFS4ERR_NOTSUPP = 10004. */
    NOTSUPP(10004),
    /** NFS4ERR_TOOSMALL = 10005. */
    TOOSMALL(10005),
    /** NFS4ERR_SERVERFAULT = 10006. */
    SERVERFAULT(10006),
    /** NFS4ERR_BADTYPE = 10007. */
    BADTYPE(10007),
    /** NFS4ERR_DELAY = 10008. */
    DELAY(10008),
    /** NFS4ERR_SAME = 10009. */
    SAME(10009),
    /** NFS4ERR_DENIED = 10010. */
    DENIED(10010),
    /** NFS4ERR_EXPIRED = 10011. */
    EXPIRED(10011),
    /** NFS4ERR_LOCKED = 10012. */
    LOCKED(10012),
    /** NFS4ERR_GRACE = 10013. */
    GRACE(10013),
    /** NFS4ERR_FHEXPIRED = 10014. */
    FHEXPIRED(10014),
    /** NFS4ERR_SHARE_DENIED = 10015. */
    SHARE_DENIED(10015),
    /** NFS4ERR_WRONGSEC = 10016. */
    WRONGSEC(10016),
    /** NFS4ERR_CLID_INUSE = 10017. */
    CLID_INUSE(10017),
    /** NFS4ERR_RESOURCE = 10018. */
    RESOURCE(10018),
    /** NFS4ERR_MOVED = 10019. */
    MOVED(10019),
    /** NFS4ERR_NOFILEHANDLE = 10020. */
    NOFILEHANDLE(10020),
    /** NFS4ERR_MINOR_VERS_MISMATCH = 10021. */
    MINOR_VERS_MISMATCH(10021),
    /** NFS4ERR_STALE_CLIENTID = 10022. */
    STALE_CLIENTID(10022),
    /** NFS4ERR_STALE_STATEID = 10023. */
    STALE_STATEID(10023),
    /** NFS4ERR_OLD_STATEID = 10024. */
    OLD_STATEID(10024),
    /** NFS4ERR_BAD_STATEID = 10025. */
    BAD_STATEID(10025),
    /** NFS4ERR_BAD_SEQID = 10026. */
    BAD_SEQID(10026),
    /** NFS4ERR_NOT_SAME = 10027. */
    NOT_SAME(10027),
    /** NFS4ERR_LOCK_RANGE = 10028. */
    LOCK_RANGE(10028),
    /** NFS4ERR_SYMLINK = 10029. */
    SYMLINK(10029),
    /** NFS4ERR_RESTOREFH = 10030. */
    RESTOREFH(10030),
    /** NFS4ERR_LEASE_MOVED = 10031. */
    LEASE_MOVED(10031),
    /** NFS4ERR_ATTRNOTSUPP = 10032. */
    ATTRNOTSUPP(10032),
    /** NFS4ERR_NO_GRACE = 10033. */
    NO_GRACE(10033),
    /** NFS4ERR_RECLAIM_BAD = 10034. */
    RECLAIM_BAD(10034),
    /** NFS4ERR_RECLAIM_CONFLICT = 10035. */
    RECLAIM_CONFLICT(10035),
    /** NFS4ERR_BADXDR = 10036. */
    BADXDR(10036),
    /** NFS4ERR_LOCKS_HELD = 10037. */
    LOCKS_HELD(10037),
    /** NFS4ERR_OPENMODE = 10038. */
    OPENMODE(10038),
    /** NFS4ERR_BADOWNER = 10039. */
    BADOWNER(10039),
    /** NFS4ERR_BADCHAR = 10040. */
    BADCHAR(10040),
    /** NFS4ERR_BADNAME = 10041. */
    BADNAME(10041),
    /** NFS4ERR_BAD_RANGE = 10042. */
    BAD_RANGE(10042),
    /** NFS4ERR_LOCK_NOTSUPP = 10043. */
    LOCK_NOTSUPP(10043),
    /** NFS4ERR_OP_ILLEGAL = 10044. */
    OP_ILLEGAL(10044),
    /** NFS4ERR_DEADLOCK = 10045. */
    DEADLOCK(10045),
    /** NFS4ERR_FILE_OPEN = 10046. */
    FILE_OPEN(10046),
    /** NFS4ERR_ADMIN_REVOKED = 10047. */
    ADMIN_REVOKED(10047),
    /** NFS4ERR_CB_PATH_DOWN = 10048. */
    CB_PATH_DOWN(10048),
    /** NFS4ERR_BADIOMODE = 10049. */
    BADIOMODE(10049),
    /** NFS4ERR_BADLAYOUT = 10050. */
    BADLAYOUT(10050),
    /** NFS4ERR_BAD_SESSION_DIGEST = 10051. */
    BAD_SESSION_DIGEST(10051),
    /** NFS4ERR_BADSESSION = 10052. */
    BADSESSION(10052),
    /** NFS4ERR_BADSLOT = 10053. */
    BADSLOT(10053),
    /** NFS4ERR_COMPLETE_ALREADY = 10054. */
    COMPLETE_ALREADY(10054),
    /** NFS4ERR_CONN_NOT_BOUND_TO_SESSION = 10055. */
    CONN_NOT_BOUND_TO_SESSION(10055),
    /** NFS4ERR_DELEG_ALREADY_WANTED = 10056. */
    DELEG_ALREADY_WANTED(10056),
    /** NFS4ERR_BACK_CHAN_BUSY = 10057. */
    BACK_CHAN_BUSY(10057),
    /** NFS4ERR_LAYOUTTRYLATER = 10058. */
    LAYOUTTRYLATER(10058),
    /** NFS4ERR_LAYOUTUNAVAILABLE = 10059. */
    LAYOUTUNAVAILABLE(10059),
    /** NFS4ERR_NOMATCHING_LAYOUT = 10060. */
    NOMATCHING_LAYOUT(10060),
    /** NFS4ERR_RECALLCONFLICT = 10061. */
    RECALLCONFLICT(10061),
    /** NFS4ERR_UNKNOWN_LAYOUTTYPE = 10062. */
    UNKNOWN_LAYOUTTYPE(10062),
    /** NFS4ERR_SEQ_MISORDERED = 10063. */
    SEQ_MISORDERED(10063),
    /** NFS4ERR_SEQUENCE_POS = 10064. */
    SEQUENCE_POS(10064),
    /** NFS4ERR_REQ_TOO_BIG = 10065. */
    REQ_TOO_BIG(10065),
    /** NFS4ERR_REP_TOO_BIG = 10066. */
    REP_TOO_BIG(10066),
    /** NFS4ERR_REP_TOO_BIG_TO_CACHE = 10067. */
    REP_TOO_BIG_TO_CACHE(10067),
    /** NFS4ERR_RETRY_UNCACHED_REP = 10068. */
    RETRY_UNCACHED_REP(10068),
    /** NFS4ERR_UNSAFE_COMPOUND = 10069. */
    UNSAFE_COMPOUND(10069),
    /** NFS4ERR_TOO_MANY_OPS = 10070. */
    TOO_MANY_OPS(10070),
    /** NFS4ERR_OP_NOT_IN_SESSION = 10071. */
    OP_NOT_IN_SESSION(10071),
    /** NFS4ERR_HASH_ALG_UNSUPP = 10072. */
    HASH_ALG_UNSUPP(10072),
    /** NFS4ERR_CLIENTID_BUSY = 10074. */
    CLIENTID_BUSY(10074),
    /** NFS4ERR_PNFS_IO_HOLE = 10075. */
    PNFS_IO_HOLE(10075),
    /** NFS4ERR_SEQ_FALSE_RETRY = 10076. */
    SEQ_FALSE_RETRY(10076),
    /** NFS4ERR_BAD_HIGH_SLOT = 10077. */
    BAD_HIGH_SLOT(10077),
    /** NFS4ERR_DEADSESSION = 10078. */
    DEADSESSION(10078),
    /** NFS4ERR_ENCR_ALG_UNSUPP = 10079. */
    ENCR_ALG_UNSUPP(10079),
    /** NFS4ERR_PNFS_NO_LAYOUT = 10080. */
    PNFS_NO_LAYOUT(10080),
    /** NFS4ERR_NOT_ONLY_OP = 10081. */
    NOT_ONLY_OP(10081),
    /** NFS4ERR_WRONG_CRED = 10082. */
    WRONG_CRED(10082),
    /** NFS4ERR_WRONG_TYPE = 10083. */
    WRONG_TYPE(10083),
    /** NFS4ERR_DIRDELEG_UNAVAIL = 10084. */
    DIRDELEG_UNAVAIL(10084),
    /** NFS4ERR_REJECT_DELEG = 10085. */
    REJECT_DELEG(10085),
    /** NFS4ERR_RETURNCONFLICT = 10086. */
    RETURNCONFLICT(10086),
    /** NFS4ERR_DELEG_REVOKED = 10087. */
    DELEG_REVOKED(10087),
    /** NFS4ERR_PARTNER_NOTSUPP = 10088. */
    PARTNER_NOTSUPP(10088),
    /** NFS4ERR_PARTNER_NO_AUTH = 10089. */
    PARTNER_NO_AUTH(10089),
    /** NFS4ERR_UNION_NOTSUPP = 10090. */
    UNION_NOTSUPP(10090),
    /** NFS4ERR_OFFLOAD_DENIED = 10091. */
    OFFLOAD_DENIED(10091),
    /** NFS4ERR_WRONG_LFS = 10092. */
    WRONG_LFS(10092),
    /** NFS4ERR_BADLABEL = 10093. */
    BADLABEL(10093),
    /** NFS4ERR_OFFLOAD_NO_REQS = 10094. */
    OFFLOAD_NO_REQS(10094),
    /** NFS4ERR_NOXATTR = 10095. */
    NOXATTR(10095),
    /** NFS4ERR_XATTR2BIG = 10096. */
    XATTR2BIG(10096);

    private static final Map<Integer, NfsStatus> BY_CODE = new HashMap<>();

    static {
        for (NfsStatus s : values()) {
            BY_CODE.put(s.code, s);
        }
    }

    private final int code;

    NfsStatus(int code) {
        this.code = code;
    }

    /** @return the wire value */
    public int code() {
        return code;
    }

    /** @return the status with wire value {@code code}, or null when the table has none */
    public static @Nullable NfsStatus of(int code) {
        return BY_CODE.get(code);
    }

    /** Reads an nfsstat4; a value outside the table is an XDR error. */
    public static NfsStatus decode(XdrReader in, String what) throws XdrException {
        int v = in.readInt(what);
        NfsStatus s = of(v);
        if (s == null) {
            throw new XdrException(what + ": " + v + " (expected: an nfsstat4 of RFC 7863)");
        }
        return s;
    }

    /** Writes this status. */
    public void encode(XdrWriter out) {
        out.writeInt(code);
    }
}
