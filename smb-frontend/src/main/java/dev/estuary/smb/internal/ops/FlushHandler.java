package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.Open;

/**
 * FLUSH ([MS-SMB2] 3.3.5.11): makes the file's data and metadata durable ({@link FileHandle#sync}), as
 * Samba's "strict sync = yes" does; on a directory, the namespace ({@link dev.estuary.dfs.Volume#syncNamespace}).
 * The open needs FILE_WRITE_DATA or FILE_APPEND_DATA, else STATUS_ACCESS_DENIED.
 */
public final class FlushHandler implements SmbHandler {
  /** A handler. */
  public FlushHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    FileOps.FlushRequest f = (FileOps.FlushRequest) request.body();
    Open o = SmbFiles.open(request, f.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, f);
    }
    if (!o.granted(SmbFiles.FILE_WRITE_DATA | SmbFiles.FILE_APPEND_DATA)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, f);
    }
    FileHandle h = o.handle();
    if (h != null) {
      h.sync();
    } else {
      o.files().view().syncNamespace();
    }
    return SmbReply.of(NtStatus.SUCCESS, new SimpleMessages.Empty(SmbCommand.FLUSH));
  }
}
