package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Caller;
import org.jspecify.annotations.Nullable;

/**
 * One tree connect ([MS-SMB2] 3.3.1.10).
 *
 * @param treeId TreeId
 * @param share the share name as the volume spells it ({@code IPC$} for the pipe share)
 * @param caller who the session's user is on the volume (grant, groups, root); null for IPC$
 * @param maximalAccess the access mask granted on the share
 * @param encryptData TreeConnect.EncryptData: requests on this tree must arrive encrypted
 */
public record TreeState(int treeId, String share, @Nullable Caller caller, int maximalAccess,
    boolean encryptData) {
  /** Validates. */
  public TreeState {
    requireNonNull(share, "share");
  }

  /**
   * Whether this is the IPC$ pipe share.
   *
   * @return true for IPC$
   */
  public boolean isPipe() {
    return caller == null;
  }
}
