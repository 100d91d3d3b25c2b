package dev.estuary.nfs.internal.codec;

import org.jspecify.annotations.Nullable;

/**
 * nfs_opnum4: every operation number of RFC 7863 (RFC 8881 §16.2, RFC 7862 §15, RFC 8276 §8.6). A number
 * in this table is a valid operation even where the codec does not model its arguments: the server
 * answers those with NFS4ERR_NOTSUPP, and only a number outside the table with NFS4ERR_OP_ILLEGAL
 * (RFC 8881 §15.2, notes/nfs.md §0.4).
 */
public enum OpCode {
    /** OP_ACCESS = 3. */
    ACCESS(3),
    /** OP_CLOSE = 4. */
    CLOSE(4),
    /** OP_COMMIT = 5. */
    COMMIT(5),
    /** OP_CREATE = 6. */
    CREATE(6),
    /** OP_DELEGPURGE = 7. */
    DELEGPURGE(7),
    /** OP_DELEGRETURN = 8. */
    DELEGRETURN(8),
    /** OP_GETATTR = 9. */
    GETATTR(9),
    /** OP_GETFH = 10. */
    GETFH(10),
    /** OP_LINK = 11. */
    LINK(11),
    /** OP_LOCK = 12. */
    LOCK(12),
    /** OP_LOCKT = 13. */
    LOCKT(13),
    /** OP_LOCKU = 14. */
    LOCKU(14),
    /** OP_LOOKUP = 15. */
    LOOKUP(15),
    /** OP_LOOKUPP = 16. */
    LOOKUPP(16),
    /** OP_NVERIFY = 17. */
    NVERIFY(17),
    /** OP_OPEN = 18. */
    OPEN(18),
    /** OP_OPENATTR = 19. */
    OPENATTR(19),
    /** OP_OPEN_CONFIRM = 20. */
    OPEN_CONFIRM(20),
    /** OP_OPEN_DOWNGRADE = 21. */
    OPEN_DOWNGRADE(21),
    /** OP_PUTFH = 22. */
    PUTFH(22),
    /** OP_PUTPUBFH = 23. */
    PUTPUBFH(23),
    /** OP_PUTROOTFH = 24. */
    PUTROOTFH(24),
    /** OP_READ = 25. */
    READ(25),
    /** OP_READDIR = 26. */
    READDIR(26),
    /** OP_READLINK = 27. */
    READLINK(27),
    /** OP_REMOVE = 28. */
    REMOVE(28),
    /** OP_RENAME = 29. */
    RENAME(29),
    /** OP_RENEW = 30. */
    RENEW(30),
    /** OP_RESTOREFH = 31. */
    RESTOREFH(31),
    /** OP_SAVEFH = 32. */
    SAVEFH(32),
    /** OP_SECINFO = 33. */
    SECINFO(33),
    /** OP_SETATTR = 34. */
    SETATTR(34),
    /** OP_SETCLIENTID = 35. */
    SETCLIENTID(35),
    /** OP_SETCLIENTID_CONFIRM = 36. */
    SETCLIENTID_CONFIRM(36),
    /** OP_VERIFY = 37. */
    VERIFY(37),
    /** OP_WRITE = 38. */
    WRITE(38),
    /** OP_RELEASE_LOCKOWNER = 39. */
    RELEASE_LOCKOWNER(39),
    /** OP_BACKCHANNEL_CTL = 40. */
    BACKCHANNEL_CTL(40),
    /** OP_BIND_CONN_TO_SESSION = 41. */
    BIND_CONN_TO_SESSION(41),
    /** OP_EXCHANGE_ID = 42. */
    EXCHANGE_ID(42),
    /** OP_CREATE_SESSION = 43. */
    CREATE_SESSION(43),
    /** OP_DESTROY_SESSION = 44. */
    DESTROY_SESSION(44),
    /** OP_FREE_STATEID = 45. */
    FREE_STATEID(45),
    /** OP_GET_DIR_DELEGATION = 46. */
    GET_DIR_DELEGATION(46),
    /** OP_GETDEVICEINFO = 47. */
    GETDEVICEINFO(47),
    /** OP_GETDEVICELIST = 48. */
    GETDEVICELIST(48),
    /** OP_LAYOUTCOMMIT = 49. */
    LAYOUTCOMMIT(49),
    /** OP_LAYOUTGET = 50. */
    LAYOUTGET(50),
    /** OP_LAYOUTRETURN = 51. */
    LAYOUTRETURN(51),
    /** OP_SECINFO_NO_NAME = 52. */
    SECINFO_NO_NAME(52),
    /** OP_SEQUENCE = 53. */
    SEQUENCE(53),
    /** OP_SET_SSV = 54. */
    SET_SSV(54),
    /** OP_TEST_STATEID = 55. */
    TEST_STATEID(55),
    /** OP_WANT_DELEGATION = 56. */
    WANT_DELEGATION(56),
    /** OP_DESTROY_CLIENTID = 57. */
    DESTROY_CLIENTID(57),
    /** OP_RECLAIM_COMPLETE = 58. */
    RECLAIM_COMPLETE(58),
    /** OP_ALLOCATE = 59. */
    ALLOCATE(59),
    /** OP_COPY = 60. */
    COPY(60),
    /** OP_COPY_NOTIFY = 61. */
    COPY_NOTIFY(61),
    /** OP_DEALLOCATE = 62. */
    DEALLOCATE(62),
    /** OP_IO_ADVISE = 63. */
    IO_ADVISE(63),
    /** OP_LAYOUTERROR = 64. */
    LAYOUTERROR(64),
    /** OP_LAYOUTSTATS = 65. */
    LAYOUTSTATS(65),
    /** OP_OFFLOAD_CANCEL = 66. */
    OFFLOAD_CANCEL(66),
    /** OP_OFFLOAD_STATUS = 67. */
    OFFLOAD_STATUS(67),
    /** OP_READ_PLUS = 68. */
    READ_PLUS(68),
    /** OP_SEEK = 69. */
    SEEK(69),
    /** OP_WRITE_SAME = 70. */
    WRITE_SAME(70),
    /** OP_CLONE = 71. */
    CLONE(71),
    /** OP_GETXATTR = 72. */
    GETXATTR(72),
    /** OP_SETXATTR = 73. */
    SETXATTR(73),
    /** OP_LISTXATTRS = 74. */
    LISTXATTRS(74),
    /** OP_REMOVEXATTR = 75. */
    REMOVEXATTR(75),
    /** OP_ILLEGAL = 10044. */
    ILLEGAL(10044);

    private static final OpCode[] BY_CODE = new OpCode[REMOVEXATTR.code + 1];

    static {
        for (OpCode op : values()) {
            if (op != ILLEGAL) {
                BY_CODE[op.code] = op;
            }
        }
    }

    private final int code;

    OpCode(int code) {
        this.code = code;
    }

    /** @return the wire value */
    public int code() {
        return code;
    }

    /**
     * @return the first minor version that defines this operation: 0 for the NFSv4.0 numbers (3 to 39), 1
     *     for those RFC 8881 added (40 to 58), 2 for those of RFC 7862 and RFC 8276 (59 and up)
     */
    public int firstMinorVersion() {
        return code >= ALLOCATE.code ? 2 : code >= BACKCHANNEL_CTL.code ? 1 : 0;
    }

    /** @return the operation with wire value {@code code}; null for an illegal number (OP_ILLEGAL itself included) */
    public static @Nullable OpCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
