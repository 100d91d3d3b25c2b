package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.state.Open;

/**
 * FSCTL_GET_COMPRESSION and FSCTL_SET_COMPRESSION ([MS-FSCC] 2.3.12 and 2.3.67, [MS-FSA] 2.1.5.10.7 and
 * 2.1.5.10.36) on a volume that does not compress (FileFsAttributeInformation has no
 * FILE_FILE_COMPRESSION): every file reports COMPRESSION_FORMAT_NONE, setting NONE succeeds and changes
 * nothing, and asking for compression (DEFAULT or LZNT1) is STATUS_NOT_SUPPORTED, as Windows Server 2016
 * ReFS answers (smbtorture smb2.ioctl.compress_notsup_get and compress_notsup_set). A buffer shorter than
 * the USHORT CompressionState, or an unknown format, is STATUS_INVALID_PARAMETER; setting needs
 * FILE_WRITE_DATA or FILE_WRITE_ATTRIBUTES (STATUS_ACCESS_DENIED).
 */
public final class CompressionFsctl implements Fsctl {
  /** FSCTL_GET_COMPRESSION. */
  public static final int FSCTL_GET_COMPRESSION = 0x0009003C;
  /** FSCTL_SET_COMPRESSION. */
  public static final int FSCTL_SET_COMPRESSION = 0x0009C040;
  /** COMPRESSION_FORMAT_NONE. */
  static final int FORMAT_NONE = 0;
  /** COMPRESSION_FORMAT_LZNT1, the highest format [MS-FSCC] 2.3.67 defines. */
  static final int FORMAT_LZNT1 = 2;

  /** A handler. */
  public CompressionFsctl() {}

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) {
    Open o = SmbFiles.open(request, r.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    if (r.ctlCode() == FSCTL_GET_COMPRESSION) {
      if (r.maxOutputResponse() < 2) {
        return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
      }
      return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY,
          Bytes.of(new byte[] {FORMAT_NONE, 0}), 0));
    }
    if (r.input().length() < 2) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    int format = (r.input().get(0) & 0xFF) | (r.input().get(1) & 0xFF) << 8;
    if (format > FORMAT_LZNT1) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    if (!o.granted(SmbFiles.FILE_WRITE_DATA | SmbFiles.FILE_WRITE_ATTRIBUTES)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    if (format != FORMAT_NONE) {
      return SmbReply.error(NtStatus.NOT_SUPPORTED, r);
    }
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY, Bytes.EMPTY, 0));
  }
}
