package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CopyChunk;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.SessionState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;

/**
 * FSCTL_SRV_REQUEST_RESUME_KEY ([MS-SMB2] 3.3.5.15.5, 2.2.32.3): a 24-byte key naming the open, which the
 * client passes as the SourceKey of a later FSCTL_SRV_COPYCHUNK(_WRITE) on the destination's open. The key
 * is the open's FileId and its session's id; {@link #source} only finds opens of the session the copy
 * runs in, so a key cannot reach another user's open (Windows keys are opaque too; clients never look
 * inside).
 */
public final class ResumeKeyFsctl implements Fsctl {
  /** A handler. */
  public ResumeKeyFsctl() {}

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) {
    Open o = SmbFiles.open(request, r.fileId());
    SessionState s = request.session();
    if (o == null || s == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    Bytes out = new CopyChunk.ResumeKeyResponse(key(o.fileId(), s.sessionId())).encode();
    if (r.maxOutputResponse() < out.length()) {
      // 3.3.5.15: the output must fit MaxOutputResponse; the key cannot be cut short.
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY, out, 0));
  }

  static Bytes key(FileId id, long sessionId) {
    ByteBuf b = Unpooled.buffer(CopyChunk.RESUME_KEY_SIZE);
    b.writeLongLE(id.persistent());
    b.writeLongLE(id.volatileId());
    b.writeLongLE(sessionId);
    return Bytes.of(ByteBufUtil.getBytes(b));
  }

  /**
   * The open a resume key names, in the request's session.
   *
   * @param request the copy request
   * @param key the SourceKey
   * @return the open, or null (STATUS_OBJECT_NAME_NOT_FOUND, 3.3.5.15.6)
   */
  static @Nullable Open source(SmbRequest request, Bytes key) {
    SessionState s = request.session();
    if (s == null || key.length() != CopyChunk.RESUME_KEY_SIZE) {
      return null;
    }
    ByteBuf b = Unpooled.wrappedBuffer(key.asReadOnlyBuffer());
    if (b.getLongLE(16) != s.sessionId()) {
      return null;
    }
    return s.opens().get(new FileId(b.getLongLE(0), b.getLongLE(8)));
  }
}
