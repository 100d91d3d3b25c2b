package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.ValidateNegotiateInfo;
import dev.estuary.smb.internal.state.ConnectionState;
import java.util.HashSet;
import java.util.Map;

/**
 * IOCTL ([MS-SMB2] 3.3.5.15). This step serves FSCTL_VALIDATE_NEGOTIATE_INFO (3.3.5.15.12), which
 * Windows, Linux and macOS send on 3.0/3.0.2 and drop the connection without; DFS referrals answer
 * STATUS_FS_DRIVER_REQUIRED as a server without DFS must (3.3.5.15.2); FSCTL_PIPE_TRANSCEIVE runs on the
 * IPC$ pipes ({@link PipeTransceive}, 3.3.5.15.3); the file FSCTLs are one {@link Fsctl} class each in
 * the table below. A control code not in the table answers STATUS_NOT_SUPPORTED (3.3.5.15: never
 * STATUS_NOT_IMPLEMENTED, which clients treat as a broken server).
 */
public final class IoctlHandler implements SmbHandler {
  private final ServerServices services;
  private final Map<Integer, Fsctl> table;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public IoctlHandler(ServerServices services) {
    this.services = services;
    CopyChunkFsctl copy = new CopyChunkFsctl();
    CompressionFsctl compression = new CompressionFsctl();
    Fsctl dfs = (request, r) -> SmbReply.error(NtStatus.FS_DRIVER_REQUIRED, r);
    this.table = Map.ofEntries(
        Map.entry(Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, (request, r) -> validate(request.connection(), r)),
        Map.entry(Ioctl.FSCTL_PIPE_TRANSCEIVE, PipeTransceive::handle),
        Map.entry(Ioctl.FSCTL_DFS_GET_REFERRALS, dfs),
        Map.entry(Ioctl.FSCTL_DFS_GET_REFERRALS_EX, dfs),
        Map.entry(Ioctl.FSCTL_SRV_REQUEST_RESUME_KEY, new ResumeKeyFsctl()),
        Map.entry(Ioctl.FSCTL_SRV_COPYCHUNK, copy),
        Map.entry(Ioctl.FSCTL_SRV_COPYCHUNK_WRITE, copy),
        Map.entry(Ioctl.FSCTL_SET_SPARSE, new SetSparseFsctl()),
        Map.entry(Ioctl.FSCTL_SET_ZERO_DATA, new SetZeroDataFsctl()),
        Map.entry(Ioctl.FSCTL_QUERY_ALLOCATED_RANGES, new QueryAllocatedRangesFsctl()),
        Map.entry(Ioctl.FSCTL_QUERY_NETWORK_INTERFACE_INFO, new NetworkInterfaceFsctl()),
        Map.entry(CompressionFsctl.FSCTL_GET_COMPRESSION, compression),
        Map.entry(CompressionFsctl.FSCTL_SET_COMPRESSION, compression),
        Map.entry(Ioctl.FSCTL_CREATE_OR_GET_OBJECT_ID, new ObjectIdFsctl()),
        Map.entry(Ioctl.FSCTL_GET_OBJECT_ID, new ObjectIdFsctl()));
  }

  @Override
  public SmbReply handle(SmbRequest request) throws SmbDecodeException {
    Ioctl.Request r = (Ioctl.Request) request.body();
    if (r.flags() != Ioctl.IS_FSCTL) {
      // 3.3.5.15: only FSCTLs exist over SMB2; anything else is not supported.
      return SmbReply.error(NtStatus.NOT_SUPPORTED, r);
    }
    Fsctl f = table.get(r.ctlCode());
    return f == null ? SmbReply.error(NtStatus.NOT_SUPPORTED, r) : f.handle(request, r);
  }

  /**
   * 3.3.5.15.12: on 3.1.1 the preauth hash replaces this check and the connection is dropped; otherwise
   * every value must match what the client sent in NEGOTIATE, or the connection is dropped; the answer
   * repeats the server's NEGOTIATE values and is signed by the dispatcher.
   */
  private SmbReply validate(ConnectionState c, Ioctl.Request r) throws SmbDecodeException {
    ConnectionState.Negotiated n = c.negotiated();
    if (n == null || n.dialect() == Negotiate.SMB_3_1_1) {
      return SmbReply.disconnect(r);
    }
    if (r.maxOutputResponse() < 24) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    ValidateNegotiateInfo.Request v = ValidateNegotiateInfo.Request.decode(r.input());
    boolean same = v.capabilities() == n.clientCapabilities() && v.guid().equals(n.clientGuid())
        && v.securityMode() == n.clientSecurityMode()
        && new HashSet<>(v.dialects()).equals(new HashSet<>(n.clientDialects()));
    if (!same) {
      return SmbReply.disconnect(r);
    }
    Ioctl.Response out = new Ioctl.Response(r.ctlCode(), r.fileId(), dev.estuary.smb.internal.codec.Bytes.EMPTY,
        new ValidateNegotiateInfo.Response(n.serverCapabilities(), services.settings().serverGuid(),
            n.serverSecurityMode(), n.dialect()).encode(), 0);
    return SmbReply.of(NtStatus.SUCCESS, out);
  }
}
