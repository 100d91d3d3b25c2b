package dev.estuary.smb.internal.rpc;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.Bytes;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The srvsvc operations the server answers ([MS-SRVS] 3.1.4): their [in] parameters decoded from NDR and
 * their [out] parameters encoded to NDR, following the IDL of [MS-SRVS] 6. Union discriminants are
 * marshalled before the arm, unique pointers as referent ids with their pointees deferred to the end of
 * the enclosing construct ([C706] 14.3.11-12).
 */
public final class Srvsvc {
  private Srvsvc() {}

  /** NetrShareEnum (what Samba calls NetShareEnumAll). */
  public static final int OP_NETR_SHARE_ENUM = 15;
  /** NetrShareGetInfo. */
  public static final int OP_NETR_SHARE_GET_INFO = 16;
  /** NetrServerGetInfo. */
  public static final int OP_NETR_SERVER_GET_INFO = 21;

  /** NERR_Success. */
  public static final int WERR_OK = 0;
  /** ERROR_INVALID_PARAMETER. */
  public static final int ERROR_INVALID_PARAMETER = 87;
  /** ERROR_INVALID_LEVEL. */
  public static final int ERROR_INVALID_LEVEL = 124;
  /** ERROR_MORE_DATA. */
  public static final int ERROR_MORE_DATA = 234;
  /** NERR_NetNameNotFound. */
  public static final int NERR_NET_NAME_NOT_FOUND = 2310;
  /** RPC_S_INVALID_TAG: a union discriminant with no arm in the IDL; the NDR engine faults with it. */
  public static final int RPC_S_INVALID_TAG = 0x000006C6;

  /** STYPE_DISKTREE ([MS-SRVS] 2.2.2.4). */
  public static final int STYPE_DISKTREE = 0;
  /** STYPE_IPC | STYPE_SPECIAL: the IPC$ share. */
  public static final int STYPE_IPC_SPECIAL = 0x80000003;
  /** PLATFORM_ID_NT ([MS-SRVS] 2.2.2.6). */
  public static final int PLATFORM_ID_NT = 500;

  /** The longest name accepted in a request, in characters (NetName, ServerName). */
  static final int MAX_NAME_CHARS = 1024;

  /** The arms of SHARE_ENUM_UNION ([MS-SRVS] 2.2.3.1... 2.2.4.38). */
  private static final Set<Integer> SHARE_ENUM_ARMS = Set.of(0, 1, 2, 501, 502, 503);
  /** The arms of SHARE_INFO ([MS-SRVS] 2.2.3.6). */
  private static final Set<Integer> SHARE_INFO_ARMS = Set.of(0, 1, 2, 501, 502, 503, 1004, 1005, 1006, 1501);
  /** The arms of SERVER_INFO ([MS-SRVS] 2.2.3.7); every one a pointer. */
  private static final Set<Integer> SERVER_INFO_ARMS = Set.of(100, 101, 102, 103, 502, 503, 599, 1005, 1107,
      1010, 1016, 1017, 1018, 1501, 1502, 1503, 1506, 1510, 1511, 1512, 1513, 1514, 1515, 1516, 1518, 1523,
      1528, 1529, 1530, 1533, 1534, 1535, 1536, 1538, 1539, 1540, 1541, 1542, 1543, 1544, 1545, 1546, 1547,
      1548, 1549, 1550, 1552, 1553, 1554, 1555, 1556);

  /** The share levels {@link #shareEnumResponse} and {@link #shareGetInfoResponse} encode. */
  public static final Set<Integer> SHARE_LEVELS = Set.of(0, 1, 2, 501, 502, 1005);
  /** The server levels {@link #serverGetInfoResponse} encodes. */
  public static final Set<Integer> SERVER_LEVELS = Set.of(100, 101);

  /**
   * NetrShareEnum's [in] parameters ([MS-SRVS] 3.1.4.8).
   *
   * @param serverName ServerName, or null
   * @param level InfoStruct.Level
   * @param preferredMaximumLength PreferedMaximumLength (0xFFFFFFFF: everything)
   * @param resumeHandle *ResumeHandle, or null when the pointer is null
   */
  public record ShareEnumRequest(@Nullable String serverName, int level, long preferredMaximumLength,
      @Nullable Long resumeHandle) {}

  /**
   * NetrShareGetInfo's [in] parameters ([MS-SRVS] 3.1.4.10).
   *
   * @param serverName ServerName, or null
   * @param netName NetName
   * @param level Level
   */
  public record ShareGetInfoRequest(@Nullable String serverName, String netName, int level) {
    /** Validates. */
    public ShareGetInfoRequest {
      requireNonNull(netName, "netName");
    }
  }

  /**
   * NetrServerGetInfo's [in] parameters ([MS-SRVS] 3.1.4.17).
   *
   * @param serverName ServerName, or null
   * @param level Level
   */
  public record ServerGetInfoRequest(@Nullable String serverName, int level) {}

  /**
   * What a share's SHARE_INFO_* structures hold ([MS-SRVS] 2.2.4.22-2.2.4.29; 502 with no security
 * descriptor).
   *
   * @param netName shi*_netname
   * @param type shi*_type
   * @param remark shi*_remark
   * @param permissions shi2_permissions
   * @param maxUses shi2_max_uses (-1: unlimited)
   * @param currentUses shi2_current_uses
   * @param path shi2_path
   * @param flags shi501_flags / shi1005_flags
   */
  public record ShareInfo(String netName, int type, String remark, int permissions, int maxUses,
      int currentUses, String path, int flags) {
    /** Validates. */
    public ShareInfo {
      requireNonNull(netName, "netName");
      requireNonNull(remark, "remark");
      requireNonNull(path, "path");
    }

    /**
     * An estimate of the entry's size in the caller's buffer at {@code level}, as PreferedMaximumLength
     * counts it: the fixed structure with 4-byte pointers plus the strings with their NULs.
     *
     * @param level the information level
     * @return the size in bytes
     */
    public long size(int level) {
      long strings = 2L * (netName.length() + 1);
      return switch (level) {
        case 0 -> 4 + strings;
        case 1 -> 12 + strings + 2L * (remark.length() + 1);
        case 2 -> 32 + strings + 2L * (remark.length() + 1) + 2L * (path.length() + 1);
        case 501 -> 16 + strings + 2L * (remark.length() + 1);
        case 502 -> 40 + strings + 2L * (remark.length() + 1) + 2L * (path.length() + 1);
        default -> throw new IllegalArgumentException("level: " + level + " (expected: one of " + SHARE_LEVELS + ")");
      };
    }
  }

  /**
   * SERVER_INFO_100/101 ([MS-SRVS] 2.2.4.40, 2.2.4.41).
   *
   * @param platformId sv10x_platform_id
   * @param name sv10x_name
   * @param versionMajor sv101_version_major
   * @param versionMinor sv101_version_minor
   * @param type sv101_type
   * @param comment sv101_comment
   */
  public record ServerInfo(int platformId, String name, int versionMajor, int versionMinor, int type,
      String comment) {
    /** Validates. */
    public ServerInfo {
      requireNonNull(name, "name");
      requireNonNull(comment, "comment");
    }
  }

  private static @Nullable String serverName(NdrReader r) throws RpcDecodeException {
    return r.pointer("ServerName") ? r.string("ServerName", MAX_NAME_CHARS) : null;
  }

  /**
   * Decodes NetrShareEnum's [in] parameters. An [in] InfoStruct that carries entries is refused as bad
   * stub data: the container is an output buffer and no client fills it.
   *
   * @param stub the request's stub
   * @return the parameters
   * @throws RpcDecodeException for NDR that does not decode, or a union tag with no arm
   */
  public static ShareEnumRequest decodeShareEnum(Bytes stub) throws RpcDecodeException {
    NdrReader r = new NdrReader(stub);
    String server = serverName(r);
    long level = r.u32("InfoStruct.Level");
    long tag = r.u32("InfoStruct.ShareInfo tag");
    if (tag != level) {
      throw new RpcDecodeException(RpcPdu.NCA_S_FAULT_NDR, "InfoStruct: union tag " + tag + " (expected: Level "
          + level + ")");
    }
    if (!SHARE_ENUM_ARMS.contains((int) level)) {
      throw new RpcDecodeException(RPC_S_INVALID_TAG, "InfoStruct.Level: " + level + " (expected: one of "
          + SHARE_ENUM_ARMS + ")");
    }
    if (r.pointer("InfoStruct container")) {
      long entries = r.u32("EntriesRead");
      if (r.pointer("Buffer") || entries != 0) {
        throw new RpcDecodeException(RpcPdu.NCA_S_FAULT_NDR, "InfoStruct container: " + entries
            + " entries with a buffer (expected: an empty container to fill)");
      }
    }
    long preferred = r.u32("PreferedMaximumLength");
    Long resume = r.pointer("ResumeHandle") ? r.u32("*ResumeHandle") : null;
    r.end("NetrShareEnum");
    return new ShareEnumRequest(server, (int) level, preferred, resume);
  }

  /**
   * Decodes NetrShareGetInfo's [in] parameters.
   *
   * @param stub the request's stub
   * @return the parameters
   * @throws RpcDecodeException for NDR that does not decode
   */
  public static ShareGetInfoRequest decodeShareGetInfo(Bytes stub) throws RpcDecodeException {
    NdrReader r = new NdrReader(stub);
    String server = serverName(r);
    String net = r.string("NetName", MAX_NAME_CHARS);
    long level = r.u32("Level");
    r.end("NetrShareGetInfo");
    return new ShareGetInfoRequest(server, net, (int) level);
  }

  /**
   * Decodes NetrServerGetInfo's [in] parameters.
   *
   * @param stub the request's stub
   * @return the parameters
   * @throws RpcDecodeException for NDR that does not decode
   */
  public static ServerGetInfoRequest decodeServerGetInfo(Bytes stub) throws RpcDecodeException {
    NdrReader r = new NdrReader(stub);
    String server = serverName(r);
    long level = r.u32("Level");
    r.end("NetrServerGetInfo");
    return new ServerGetInfoRequest(server, (int) level);
  }

  /**
   * Whether a SHARE_INFO level has an arm in the IDL (others fault with RPC_S_INVALID_TAG).
   *
   * @param level the level asked for
   * @return true when the union has the arm
   */
  public static boolean isShareInfoArm(int level) {
    return SHARE_INFO_ARMS.contains(level);
  }

  /**
   * Whether a SERVER_INFO level has an arm in the IDL (others fault with RPC_S_INVALID_TAG).
   *
   * @param level the level asked for
   * @return true when the union has the arm
   */
  public static boolean isServerInfoArm(int level) {
    return SERVER_INFO_ARMS.contains(level);
  }

  /**
   * Encodes NetrShareEnum's [out] parameters: InfoStruct (with {@code entries} when the level is one of
   * {@link #SHARE_LEVELS} and the status is OK or MORE_DATA, else a null container), TotalEntries,
   * ResumeHandle and the return value.
   *
   * @param level InfoStruct.Level (an arm of SHARE_ENUM_UNION)
   * @param entries the entries returned
   * @param totalEntries TotalEntries
   * @param resumeHandle *ResumeHandle, or null to return a null pointer
   * @param status the return value
   * @return the stub
   */
  public static Bytes shareEnumResponse(int level, List<ShareInfo> entries, int totalEntries,
      @Nullable Long resumeHandle, int status) {
    NdrWriter w = new NdrWriter();
    w.u32(level);
    w.u32(level);
    boolean filled = SHARE_LEVELS.contains(level) && level != 1005
        && (status == WERR_OK || status == ERROR_MORE_DATA);
    w.pointer(filled);
    if (filled) {
      w.u32(entries.size());
      w.pointer(!entries.isEmpty());
      if (!entries.isEmpty()) {
        w.u32(entries.size());
        for (ShareInfo s : entries) {
          fixed(w, level, s);
        }
        for (ShareInfo s : entries) {
          deferred(w, level, s);
        }
      }
    }
    w.u32(totalEntries);
    w.pointer(resumeHandle != null);
    if (resumeHandle != null) {
      w.u32(resumeHandle);
    }
    w.u32(status);
    return w.toBytes();
  }

  /**
   * Encodes NetrShareGetInfo's [out] parameters: the SHARE_INFO union (a null arm when {@code info} is null)
   * and the return value.
   *
   * @param level Level (an arm of SHARE_INFO)
   * @param info the share, or null when the status is an error
   * @param status the return value
   * @return the stub
   */
  public static Bytes shareGetInfoResponse(int level, @Nullable ShareInfo info, int status) {
    NdrWriter w = new NdrWriter();
    w.u32(level);
    w.pointer(info != null);
    if (info != null) {
      if (level == 1005) {
        w.u32(info.flags());
      } else {
        fixed(w, level, info);
        deferred(w, level, info);
      }
    }
    w.u32(status);
    return w.toBytes();
  }

  /**
   * Encodes NetrServerGetInfo's [out] parameters: the SERVER_INFO union (a null arm when {@code info} is
   * null) and the return value.
   *
   * @param level Level (100 or 101 with an {@code info}; any arm without)
   * @param info the server, or null when the status is an error
   * @param status the return value
   * @return the stub
   */
  public static Bytes serverGetInfoResponse(int level, @Nullable ServerInfo info, int status) {
    NdrWriter w = new NdrWriter();
    w.u32(level);
    w.pointer(info != null);
    if (info != null) {
      w.u32(info.platformId());
      w.pointer(true);
      if (level == 101) {
        w.u32(info.versionMajor());
        w.u32(info.versionMinor());
        w.u32(info.type());
        w.pointer(true);
      }
      w.string(info.name());
      if (level == 101) {
        w.string(info.comment());
      }
    }
    w.u32(status);
    return w.toBytes();
  }

  /** The fixed part of SHARE_INFO_0/1/2/501: scalars and the strings' referent ids. */
  private static void fixed(NdrWriter w, int level, ShareInfo s) {
    w.pointer(true);
    if (level == 0) {
      return;
    }
    w.u32(s.type());
    w.pointer(true);
    if (level == 2 || level == 502) {
      w.u32(s.permissions());
      w.u32(s.maxUses());
      w.u32(s.currentUses());
      w.pointer(true);
      // shi2_passwd: share-level passwords do not exist with user-level security ([MS-SRVS] 2.2.4.24).
      w.pointer(false);
      if (level == 502) {
        // shi502_reserved (the descriptor's length) and a null descriptor: no share-level ACL exists, access
        // is the volume grant ([MS-SRVS] 2.2.4.26).
        w.u32(0);
        w.pointer(false);
      }
    } else if (level == 501) {
      w.u32(s.flags());
    }
  }

  /** The deferred strings of one entry, in the order of its pointers. */
  private static void deferred(NdrWriter w, int level, ShareInfo s) {
    w.string(s.netName());
    if (level == 0) {
      return;
    }
    w.string(s.remark());
    if (level == 2 || level == 502) {
      w.string(s.path());
    }
  }
}
