package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.state.Open;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FSCTL_CREATE_OR_GET_OBJECT_ID and FSCTL_GET_OBJECT_ID ([MS-FSCC] 2.3.7 and 2.3.25, [MS-FSA] 2.1.5.10.1 and
 * 2.1.5.10.13): the FILE_OBJECTID_BUFFER of a file or directory. The backend keeps no object ids, but its
 * file numbers are stable and never reused within a volume, so the id is derived from them: ObjectId is
 * the volume id followed by the file number, the same from every open and every client, as link tracking
 * needs, and it exists from the start (so "create or get" and "get" answer alike). BirthVolumeId is the
 * volume id, BirthObjectId the ObjectId, DomainId zero. An output buffer smaller than the 64-byte buffer is
 * STATUS_INVALID_PARAMETER (both pseudocodes say so). FSCTL_SET_OBJECT_ID and FSCTL_DELETE_OBJECT_ID are not in the table: an id
 * cannot be chosen here, so they answer STATUS_NOT_SUPPORTED like every unserved control code.
 */
public final class ObjectIdFsctl implements Fsctl {
  /** Size of FILE_OBJECTID_BUFFER. */
  static final int SIZE = 64;

  /** A handler. */
  public ObjectIdFsctl() {}

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) {
    Open o = SmbFiles.open(request, r.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    if (r.maxOutputResponse() < SIZE) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    long volume = CreateHandler.volumeId(o.files().volumeName());
    long file = o.files().view().getAttributes(o.id()).fileNumber();
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, volume).putLong(8, file);
    b.putLong(16, volume);
    b.putLong(32, volume).putLong(40, file);
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY,
        Bytes.of(b.array()), 0));
  }
}
