package dev.estuary.smb.internal.ipc;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Principal;
import dev.estuary.dfs.CaseFolding;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.rpc.RpcDecodeException;
import dev.estuary.smb.internal.rpc.RpcPdu;
import dev.estuary.smb.internal.rpc.Srvsvc;
import dev.estuary.smb.internal.rpc.SyntaxId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The srvsvc interface ([MS-SRVS]) for one session's user: NetrShareEnum (levels 0, 1, 2, 501, 502),
 * NetrShareGetInfo (0, 1, 2, 501, 502, 1005) and NetrServerGetInfo (100, 101), what Explorer, {@code smbclient
 * -L} and {@code rpcclient} ask. The shares are the volumes the user may connect ({@link ShareCatalog})
 * plus IPC$; a share the user may not see answers NERR_NetNameNotFound like one that does not exist, so
 * a listing reveals nothing the user cannot use. Levels with an arm in the IDL but not served answer
 * ERROR_INVALID_LEVEL; levels without an arm fault with RPC_S_INVALID_TAG as the NDR engine of Windows
 * does; other operations fault with nca_s_op_rng_error.
 */
public final class SrvsvcEndpoint implements RpcEndpoint {
  /** SHI1005_FLAGS_CSC_CACHE_NONE ([MS-SRVS] 2.2.4.29): what TREE_CONNECT announces as NO_CACHING. */
  public static final int SHI1005_CSC_CACHE_NONE = 0x0030;
  /** SHI1005_FLAGS_ENCRYPT_DATA. */
  public static final int SHI1005_ENCRYPT_DATA = 0x8000;
  /** SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_NT | SV_TYPE_SERVER_NT ([MS-SRVS] 2.2.2.7). */
  public static final int SERVER_TYPE = 0x00009003;
  /** The IPC$ share's remark, as Windows words it. */
  public static final String IPC_REMARK = "Remote IPC";
  /** SHI_USES_UNLIMITED. */
  private static final int USES_UNLIMITED = -1;

  private final ShareCatalog catalog;
  private final Principal principal;
  private final String serverName;
  private final Predicate<String> encrypted;

  /**
   * The interface for one user.
   *
   * @param catalog the shares
   * @param principal the session's user
   * @param serverName the server's NetBIOS name (SERVER_INFO sv10x_name)
   * @param encrypted which volumes require encryption (their SHI1005 flags say so)
   */
  public SrvsvcEndpoint(ShareCatalog catalog, Principal principal, String serverName, Predicate<String> encrypted) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.principal = requireNonNull(principal, "principal");
    this.serverName = requireNonNull(serverName, "serverName");
    this.encrypted = requireNonNull(encrypted, "encrypted");
  }

  @Override
  public SyntaxId syntax() {
    return SyntaxId.SRVSVC;
  }

  @Override
  public String secondaryAddress() {
    return "\\PIPE\\srvsvc";
  }

  @Override
  public Bytes call(int opnum, Bytes stub) throws RpcDecodeException {
    return switch (opnum) {
      case Srvsvc.OP_NETR_SHARE_ENUM -> shareEnum(Srvsvc.decodeShareEnum(stub));
      case Srvsvc.OP_NETR_SHARE_GET_INFO -> shareGetInfo(Srvsvc.decodeShareGetInfo(stub));
      case Srvsvc.OP_NETR_SERVER_GET_INFO -> serverGetInfo(Srvsvc.decodeServerGetInfo(stub));
      default -> throw new RpcDecodeException(RpcPdu.NCA_S_OP_RNG_ERROR, "srvsvc opnum: " + opnum
          + " (expected: 15 NetrShareEnum, 16 NetrShareGetInfo or 21 NetrServerGetInfo)");
    };
  }

  /** The shares in listing order: the user's volumes by name, then IPC$. */
  private List<Srvsvc.ShareInfo> shares() {
    List<Srvsvc.ShareInfo> out = new ArrayList<>();
    for (String v : catalog.visible(principal)) {
      out.add(volume(v));
    }
    out.add(ipc());
    return out;
  }

  private Srvsvc.ShareInfo volume(String name) {
    int flags = SHI1005_CSC_CACHE_NONE | (encrypted.test(name) ? SHI1005_ENCRYPT_DATA : 0);
    // A volume has no local path on this server; shi2_path is the empty string, as for IPC$ on Windows.
    return new Srvsvc.ShareInfo(name, Srvsvc.STYPE_DISKTREE, "", 0, USES_UNLIMITED, catalog.uses(name), "", flags);
  }

  private Srvsvc.ShareInfo ipc() {
    return new Srvsvc.ShareInfo("IPC$", Srvsvc.STYPE_IPC_SPECIAL, IPC_REMARK, 0, USES_UNLIMITED,
        catalog.uses("IPC$"), "", 0);
  }

  /**
   * [MS-SRVS] 3.1.4.8: from the resume position, as many entries as PreferedMaximumLength holds (at least
   * one, so the client always progresses), ERROR_MORE_DATA and the next position while some remain.
   */
  private Bytes shareEnum(Srvsvc.ShareEnumRequest r) {
    int level = r.level();
    if (!Srvsvc.SHARE_LEVELS.contains(level) || level == 1005) {
      return Srvsvc.shareEnumResponse(level, List.of(), 0, r.resumeHandle(), Srvsvc.ERROR_INVALID_LEVEL);
    }
    List<Srvsvc.ShareInfo> all = shares();
    long from = r.resumeHandle() == null ? 0 : r.resumeHandle();
    if (from >= all.size()) {
      return Srvsvc.shareEnumResponse(level, List.of(), 0, r.resumeHandle() == null ? null : 0L, Srvsvc.WERR_OK);
    }
    List<Srvsvc.ShareInfo> page = new ArrayList<>();
    long used = 0;
    int i = (int) from;
    while (i < all.size()) {
      long size = all.get(i).size(level);
      if (!page.isEmpty() && used + size > r.preferredMaximumLength()) {
        break;
      }
      page.add(all.get(i));
      used += size;
      i++;
    }
    boolean more = i < all.size();
    Long resume = r.resumeHandle() == null ? null : (more ? (long) i : 0L);
    return Srvsvc.shareEnumResponse(level, page, all.size() - (int) from, resume,
        more ? Srvsvc.ERROR_MORE_DATA : Srvsvc.WERR_OK);
  }

  private Bytes shareGetInfo(Srvsvc.ShareGetInfoRequest r) throws RpcDecodeException {
    int level = r.level();
    if (!Srvsvc.isShareInfoArm(level)) {
      throw new RpcDecodeException(Srvsvc.RPC_S_INVALID_TAG, "NetrShareGetInfo Level: " + Integer.toUnsignedString(level)
          + " (expected: an arm of SHARE_INFO)");
    }
    Srvsvc.ShareInfo share = find(r.netName());
    if (share == null) {
      return Srvsvc.shareGetInfoResponse(level, null, Srvsvc.NERR_NET_NAME_NOT_FOUND);
    }
    if (!Srvsvc.SHARE_LEVELS.contains(level)) {
      return Srvsvc.shareGetInfoResponse(level, null, Srvsvc.ERROR_INVALID_LEVEL);
    }
    return Srvsvc.shareGetInfoResponse(level, share, Srvsvc.WERR_OK);
  }

  private Srvsvc.@Nullable ShareInfo find(String name) {
    if (CaseFolding.equalsIgnoreCase(name, "IPC$")) {
      return ipc();
    }
    String volume = catalog.find(name);
    return volume != null && catalog.visible(principal).contains(volume) ? volume(volume) : null;
  }

  private Bytes serverGetInfo(Srvsvc.ServerGetInfoRequest r) throws RpcDecodeException {
    int level = r.level();
    if (!Srvsvc.isServerInfoArm(level)) {
      throw new RpcDecodeException(Srvsvc.RPC_S_INVALID_TAG, "NetrServerGetInfo Level: "
          + Integer.toUnsignedString(level) + " (expected: an arm of SERVER_INFO)");
    }
    if (!Srvsvc.SERVER_LEVELS.contains(level)) {
      return Srvsvc.serverGetInfoResponse(level, null, Srvsvc.ERROR_INVALID_LEVEL);
    }
    // Version 10.0 is what SMB 3.1.1 servers of the Windows 10 family report; clients only display it.
    return Srvsvc.serverGetInfoResponse(level, new Srvsvc.ServerInfo(Srvsvc.PLATFORM_ID_NT, serverName, 10, 0,
        SERVER_TYPE, ""), Srvsvc.WERR_OK);
  }
}
