package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;

/**
 * TREE_DISCONNECT ([MS-SMB2] 3.3.5.8): removes the tree connect the dispatcher verified and closes the
 * named-pipe opens made through it.
 */
public final class TreeDisconnectHandler implements SmbHandler {
  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services (the share use counts)
   */
  public TreeDisconnectHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    SessionState s = request.session();
    TreeState t = request.tree();
    if (s == null || t == null) {
      return SmbReply.error(NtStatus.NETWORK_NAME_DELETED, request.body());
    }
    s.opens().closeTree(t.treeId(), SmbFiles.closer(services.objects()));
    s.trees().remove(t.treeId());
    s.pipes().closeTree(t.treeId());
    services.shares().disconnected(t.share());
    return SmbReply.of(NtStatus.SUCCESS, new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT));
  }
}
