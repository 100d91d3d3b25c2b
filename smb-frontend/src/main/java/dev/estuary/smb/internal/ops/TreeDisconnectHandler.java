package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;

/** TREE_DISCONNECT ([MS-SMB2] 3.3.5.8): closes the tree's opens and removes the tree connect
 * the dispatcher verified. */
public final class TreeDisconnectHandler implements SmbHandler {
  private final ObjectTable objects;

  /**
   * A handler.
   *
   * @param objects the server-wide object table, for closing the tree's opens
   */
  public TreeDisconnectHandler(ObjectTable objects) {
    this.objects = objects;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    SessionState s = request.session();
    TreeState t = request.tree();
    if (s == null || t == null) {
      return SmbReply.error(NtStatus.NETWORK_NAME_DELETED, request.body());
    }
    s.opens().closeTree(t.treeId(), SmbFiles.closer(objects));
    s.trees().remove(t.treeId());
    return SmbReply.of(NtStatus.SUCCESS, new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT));
  }
}
