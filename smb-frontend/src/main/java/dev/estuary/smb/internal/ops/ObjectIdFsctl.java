package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.state.Open;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FSCTL_CREATE_OR_GET_OBJECT_ID ([MS-FSCC] 2.3.7 and 2.1.3.1 FILE_OBJECTID_BUFFER, [MS-FSA] 2.1.5.10.1):
 * the object's 16-byte ObjectId, which this server derives from what already identifies the object
 * for good: its backend file number and the volume's id (the values QFid and FileInternalInformation
 * report), so the id is the same on every call and for every open, and unique on the server.
 * BirthVolumeId is the volume's id, BirthObjectId the ObjectId (objects never move between volumes),
 * DomainId zero. An output buffer shorter than FILE_OBJECTID_BUFFER is STATUS_INVALID_PARAMETER; a
 * closed FileId STATUS_FILE_CLOSED (smbtorture smb2.compound.related3 and related5 send it).
 */
public final class ObjectIdFsctl implements Fsctl {
  /** FSCTL_CREATE_OR_GET_OBJECT_ID. */
  public static final int FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0;
  /** sizeof(FILE_OBJECTID_BUFFER). */
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
    Attributes a = o.files().view().getAttributes(o.id());
    long volume = CreateHandler.volumeId(o.files().volumeName());
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(a.fileNumber()).putLong(volume);
    b.putLong(volume).putLong(0);
    b.putLong(a.fileNumber()).putLong(volume);
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY,
        Bytes.of(b.array()), 0));
  }
}
