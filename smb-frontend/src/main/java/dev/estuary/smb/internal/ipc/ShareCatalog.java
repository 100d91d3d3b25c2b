package dev.estuary.smb.internal.ipc;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Caller;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.CaseFolding;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.VolumeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The shares of the server: one per volume, named as the volume, matched ignoring case as Windows does,
 * and visible to a user exactly when TREE_CONNECT would let the user in (a grant on the volume through the
 * one {@link AccessChecker}). TREE_CONNECT and srvsvc both ask here, so a listing never shows a share the
 * user cannot connect, nor hides one the user can. It also counts each share's live tree connects, the
 * current uses srvsvc reports ([MS-SRVS] 2.2.4.24 shi2_current_uses); shared by every connection.
 */
public final class ShareCatalog {
  private final Dfs dfs;
  private final AccessChecker access;
  private final ConcurrentHashMap<String, Integer> uses = new ConcurrentHashMap<>();

  /**
   * A catalog over the backend's volumes.
   *
   * @param dfs the backend
   * @param access the permission checker
   */
  public ShareCatalog(Dfs dfs, AccessChecker access) {
    this.dfs = requireNonNull(dfs, "dfs");
    this.access = requireNonNull(access, "access");
  }

  /**
   * The volume a share name names: the exact name first, else the only one equal ignoring case.
   *
   * @param share the share name as the client spelled it
   * @return the volume's name, or null when none or several match
   */
  public @Nullable String find(String share) {
    String folded = null;
    int matches = 0;
    for (VolumeInfo v : dfs.listVolumes()) {
      if (v.name().equals(share)) {
        return v.name();
      }
      if (CaseFolding.equalsIgnoreCase(v.name(), share)) {
        folded = v.name();
        matches++;
      }
    }
    return matches == 1 ? folded : null;
  }

  /**
   * Who a user is on a volume (grant, groups).
   *
   * @param principal the user
   * @param volume the volume's name
   * @return the caller
   */
  public Caller caller(Principal principal, String volume) {
    return access.caller(principal, volume, VolumeDefaults.read(dfs.volume(volume)).gid());
  }

  /**
   * Counts a tree connect to a share.
   *
   * @param share the share as the tree names it (the volume's spelling, or IPC$)
   */
  public void connected(String share) {
    uses.merge(share, 1, Integer::sum);
  }

  /**
   * Counts a tree connect gone (TREE_DISCONNECT, LOGOFF, the connection closing).
   *
   * @param share the share as the tree names it
   */
  public void disconnected(String share) {
    uses.computeIfPresent(share, (k, n) -> n > 1 ? n - 1 : null);
  }

  /**
   * How many tree connects a share has now, over every connection.
   *
   * @param share the share as trees name it
   * @return the count
   */
  public int uses(String share) {
    return uses.getOrDefault(share, 0);
  }

  /**
   * The volumes a user may connect, by name.
   *
   * @param principal the user
   * @return the volume names in name order
   */
  public List<String> visible(Principal principal) {
    List<String> out = new ArrayList<>();
    for (VolumeInfo v : dfs.listVolumes()) {
      if (access.caller(principal, v.name(), 0).granted(Permission.READ)) {
        out.add(v.name());
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }
}
