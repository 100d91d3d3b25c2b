package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.state.Open;

/**
 * CLOSE ([MS-SMB2] 3.3.5.10): ends an open (its handle, share reservation and, for the last open of a
 * delete-pending object, the object). With SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB the response carries the
 * object's attributes as they are after the close; otherwise they are zero. An unknown FileId is
 * STATUS_FILE_CLOSED.
 */
public final class CloseHandler implements SmbHandler {
  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public CloseHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    FileOps.CloseRequest c = (FileOps.CloseRequest) request.body();
    Open o = SmbFiles.open(request, c.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, c);
    }
    request.session().opens().remove(o);
    boolean deleted = SmbFiles.close(o, services.objects());
    if ((c.flags() & FileOps.CLOSE_FLAG_POSTQUERY_ATTRIB) == 0 || deleted) {
      return SmbReply.of(NtStatus.SUCCESS, new FileOps.CloseResponse(0, 0, 0, 0, 0, 0, 0, 0));
    }
    var v = o.files().view();
    try {
      Attributes a = v.getAttributes(o.id());
      return SmbReply.of(NtStatus.SUCCESS, new FileOps.CloseResponse(FileOps.CLOSE_FLAG_POSTQUERY_ATTRIB,
          SmbFiles.filetime(a.birthTime()), SmbFiles.filetime(a.accessTime()), SmbFiles.filetime(a.modifyTime()),
          SmbFiles.changeTime(v, a, services.objects()), a.allocatedBytes(), a.isDirectory() ? 0 : a.size(),
          SmbFiles.attributes(v, a)));
    } catch (DfsException e) {
      // Removed by another protocol meanwhile: the close itself succeeded, so no attributes.
      return SmbReply.of(NtStatus.SUCCESS, new FileOps.CloseResponse(0, 0, 0, 0, 0, 0, 0, 0));
    }
  }
}
