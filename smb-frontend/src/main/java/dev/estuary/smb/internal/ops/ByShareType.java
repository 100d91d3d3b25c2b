package dev.estuary.smb.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.auth.AuthException;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.state.TreeState;

/**
 * Routes a command by the share type of its tree ([MS-SMB2] 3.3.5.9 and on: the same command means a
 * named-pipe operation on IPC$ and a file operation on a disk share), so pipe and file handlers stay
 * separate classes with separate open tables.
 *
 * @param pipe the handler for requests on the IPC$ tree
 * @param disk the handler for requests on disk trees
 */
public record ByShareType(SmbHandler pipe, SmbHandler disk) implements SmbHandler {
  /** Validates. */
  public ByShareType {
    requireNonNull(pipe, "pipe");
    requireNonNull(disk, "disk");
  }

  @Override
  public SmbReply handle(SmbRequest request) throws SmbDecodeException, AuthException {
    TreeState tree = request.tree();
    return tree != null && tree.isPipe() ? pipe.handle(request) : disk.handle(request);
  }
}
