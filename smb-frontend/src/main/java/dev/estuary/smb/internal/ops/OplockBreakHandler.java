package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OplockBreak;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;

/**
 * OPLOCK_BREAK acknowledgments ([MS-SMB2] 3.3.5.22): an oplock acknowledgment (StructureSize 24) names the
 * open by FileId and the level it keeps (3.3.5.22.1); a lease acknowledgment (StructureSize 36) names the
 * lease by LeaseKey, within the connection's ClientGuid, and the state it keeps (3.3.5.22.2). Either ends the
 * break, so the requests waiting for it go on. A client never sends a notification: that is
 * STATUS_INVALID_PARAMETER. The lease form needs no tree connect (a lease belongs to the client, not to a
 * tree), so the dispatcher lets it through without one; the oplock form checks its tree here.
 */
public final class OplockBreakHandler implements SmbHandler {
  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public OplockBreakHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    return switch (request.body()) {
      case OplockBreak.Oplock ack -> oplock(request, ack);
      case OplockBreak.LeaseAck ack -> lease(request, ack);
      default -> SmbReply.error(NtStatus.INVALID_PARAMETER, request.body());
    };
  }

  private SmbReply oplock(SmbRequest request, OplockBreak.Oplock ack) {
    if (request.tree() == null) {
      return SmbReply.error(NtStatus.NETWORK_NAME_DELETED, ack);
    }
    Open o = SmbFiles.open(request, ack.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, ack);
    }
    OpenCaching c = o.caching();
    if (c == null) {
      return SmbReply.error(NtStatus.INVALID_OPLOCK_PROTOCOL, ack);
    }
    int r = services.oplocks().acknowledgeOplock(c.holder(), ack.oplockLevel());
    return switch (r) {
      case -1, -3 -> SmbReply.error(NtStatus.INVALID_OPLOCK_PROTOCOL, ack);
      case -2 -> SmbReply.error(NtStatus.INVALID_PARAMETER, ack);
      default -> SmbReply.of(NtStatus.SUCCESS, new OplockBreak.Oplock(r, o.fileId()));
    };
  }

  private SmbReply lease(SmbRequest request, OplockBreak.LeaseAck ack) {
    ConnectionState.Negotiated n = request.connection().negotiated();
    if (n == null || n.dialect() < Negotiate.SMB_2_1) {
      // Leases exist from 2.1 on (3.3.5.22: a lease acknowledgment on 2.0.2 is malformed).
      return SmbReply.error(NtStatus.INVALID_PARAMETER, ack);
    }
    int r = services.oplocks().acknowledgeLease(n.clientGuid(), ack.leaseKey(), ack.leaseState());
    return switch (r) {
      case -1 -> SmbReply.error(NtStatus.OBJECT_NAME_NOT_FOUND, ack);
      case -2 -> SmbReply.error(NtStatus.UNSUCCESSFUL, ack);
      case -3 -> SmbReply.error(NtStatus.REQUEST_NOT_ACCEPTED, ack);
      default -> SmbReply.of(NtStatus.SUCCESS, new OplockBreak.LeaseAck(0, ack.leaseKey(), r));
    };
  }
}
