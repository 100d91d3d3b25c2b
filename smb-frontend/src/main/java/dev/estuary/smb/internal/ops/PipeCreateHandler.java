package dev.estuary.smb.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dfs.CaseFolding;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.ipc.PipeTable;
import dev.estuary.smb.internal.ipc.RpcPipe;
import dev.estuary.smb.internal.ipc.SrvsvcEndpoint;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.util.List;

/**
 * CREATE on IPC$ ([MS-SMB2] 3.3.5.9 for a named pipe): opens the {@code srvsvc} pipe, the one served;
 * every other pipe name (lsarpc, winreg, mdssvc...) is STATUS_OBJECT_NAME_NOT_FOUND, which Windows and
 * macOS take as "not offered" and carry on. A pipe exists already, so FILE_CREATE is
 * STATUS_OBJECT_NAME_COLLISION, and the dispositions that would replace it are refused. Create contexts
 * are not granted on pipes (no lease, durability or maximal-access answer), which a client reads from
 * their absence in the response, as Windows servers answer for pipes.
 */
public final class PipeCreateHandler implements SmbHandler {
  /** The pipe served. */
  public static final String SRVSVC = "srvsvc";
  /** FILE_OPEN. */
  static final int FILE_OPEN = 1;
  /** FILE_CREATE. */
  static final int FILE_CREATE = 2;
  /** FILE_OPEN_IF. */
  static final int FILE_OPEN_IF = 3;
  /** FILE_DIRECTORY_FILE. */
  static final int FILE_DIRECTORY_FILE = 0x00000001;
  /** FILE_ATTRIBUTE_NORMAL. */
  static final int ATTRIBUTE_NORMAL = 0x80;
  /** FILE_OPENED. */
  static final int FILE_OPENED = 1;
  /** The AllocationSize Windows reports for a pipe (one page of buffer). */
  static final long PIPE_ALLOCATION = 4096;

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public PipeCreateHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    Create.Request c = (Create.Request) request.body();
    SessionState s = request.session();
    TreeState t = request.tree();
    Principal p = s == null ? null : s.principal();
    if (s == null || t == null || p == null) {
      return SmbReply.error(NtStatus.USER_SESSION_DELETED, c);
    }
    String name = c.name().startsWith("\\") ? c.name().substring(1) : c.name();
    if (!CaseFolding.equalsIgnoreCase(name, SRVSVC)) {
      return SmbReply.error(NtStatus.OBJECT_NAME_NOT_FOUND, c);
    }
    if ((c.createOptions() & FILE_DIRECTORY_FILE) != 0) {
      return SmbReply.error(NtStatus.NOT_A_DIRECTORY, c);
    }
    if (c.createDisposition() == FILE_CREATE) {
      return SmbReply.error(NtStatus.OBJECT_NAME_COLLISION, c);
    }
    if (c.createDisposition() != FILE_OPEN && c.createDisposition() != FILE_OPEN_IF) {
      // Supersede and overwrite would replace the pipe, which only its server may create.
      return SmbReply.error(NtStatus.INVALID_PARAMETER, c);
    }
    SrvsvcEndpoint srvsvc = new SrvsvcEndpoint(services.shares(), p, services.settings().names().netbiosComputer(),
        services.settings()::encrypts);
    int group;
    do {
      group = services.random().nextInt();
    } while (group == 0);
    PipeTable.PipeOpen open = s.pipes().open(t.treeId(), new RpcPipe(srvsvc, group), services.random(),
        services.settings().maxOpens());
    if (open == null) {
      return SmbReply.error(NtStatus.INSUFFICIENT_RESOURCES, c);
    }
    return SmbReply.of(NtStatus.SUCCESS, new Create.Response(0, 0, FILE_OPENED, 0, 0, 0, 0, PIPE_ALLOCATION, 0,
        ATTRIBUTE_NORMAL, open.fileId(), List.of()));
  }
}
