package dev.estuary.smb.internal.ops;

import dev.estuary.core.Caller;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dfs.CaseFolding;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import org.jspecify.annotations.Nullable;

/**
 * TREE_CONNECT ([MS-SMB2] 3.3.5.7): one share per volume, matched ignoring case as Windows does, and the
 * {@code IPC$} pipe share. The user needs a grant on the volume ({@link dev.estuary.core.AccessChecker});
 * without one the connect fails with STATUS_ACCESS_DENIED, and an unknown share with
 * STATUS_BAD_NETWORK_NAME. A share configured to require encryption sets TreeConnect.EncryptData, and a
 * client that cannot encrypt (2.x, or no common cipher) is refused with STATUS_ACCESS_DENIED
 * (RejectUnencryptedAccess).
 */
public final class TreeConnectHandler implements SmbHandler {
  /** The pipe share every server has. */
  public static final String IPC = "IPC$";
  /** FILE_ALL_ACCESS ([MS-SMB2] 2.2.13.1.1): what a writer may do on the share. */
  static final int ALL_ACCESS = 0x001F01FF;
  /** FILE_GENERIC_READ | FILE_GENERIC_EXECUTE: what a reader may do. */
  static final int READ_ACCESS = 0x001200A9;
  /** SMB2_SHAREFLAG_NO_CACHING: no offline files until leases exist (smb.md §1.3). */
  static final int SHAREFLAG_NO_CACHING = 0x0030;
  /** SMB2_SHAREFLAG_ENCRYPT_DATA. */
  static final int SHAREFLAG_ENCRYPT_DATA = 0x8000;

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public TreeConnectHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    TreeConnect.Request t = (TreeConnect.Request) request.body();
    SessionState s = request.session();
    Principal p = s == null ? null : s.principal();
    if (s == null || p == null) {
      return SmbReply.error(NtStatus.USER_SESSION_DELETED, t);
    }
    String share = shareName(t.path());
    if (share == null) {
      return SmbReply.error(NtStatus.BAD_NETWORK_NAME, t);
    }
    if (s.trees().size() >= services.settings().maxTrees()) {
      return SmbReply.error(NtStatus.INSUFFICIENT_RESOURCES, t);
    }
    if (CaseFolding.equalsIgnoreCase(share, IPC)) {
      int id = s.allocateTreeId();
      s.trees().put(id, new TreeState(id, IPC, null, ALL_ACCESS, false));
      services.shares().connected(IPC);
      return new SmbReply(NtStatus.SUCCESS, new TreeConnect.Response(TreeConnect.SHARE_TYPE_PIPE, 0, 0,
          ALL_ACCESS), null, id, false, null);
    }
    String volume = services.shares().find(share);
    if (volume == null) {
      return SmbReply.error(NtStatus.BAD_NETWORK_NAME, t);
    }
    Caller caller = services.shares().caller(p, volume);
    if (!caller.granted(Permission.READ)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, t);
    }
    int flags = SHAREFLAG_NO_CACHING;
    boolean encrypt = false;
    if (services.settings().encrypts(volume)) {
      ConnectionState.Negotiated n = request.connection().negotiated();
      if (n == null || n.cipher() == null || s.encryptor() == null) {
        return SmbReply.error(NtStatus.ACCESS_DENIED, t);
      }
      encrypt = true;
      flags |= SHAREFLAG_ENCRYPT_DATA;
    }
    int access = caller.granted(Permission.WRITE) ? ALL_ACCESS : READ_ACCESS;
    int id = s.allocateTreeId();
    s.trees().put(id, new TreeState(id, volume, caller, access, encrypt));
    services.shares().connected(volume);
    return new SmbReply(NtStatus.SUCCESS, new TreeConnect.Response(TreeConnect.SHARE_TYPE_DISK, flags, 0, access),
        null, id, false, null);
  }

  /** The share of {@code \\server\share}, or null when the path has another shape. */
  static @Nullable String shareName(String path) {
    if (!path.startsWith("\\\\")) {
      return null;
    }
    int slash = path.indexOf('\\', 2);
    if (slash < 3 || slash == path.length() - 1 || path.indexOf('\\', slash + 1) >= 0) {
      return null;
    }
    return path.substring(slash + 1);
  }
}
