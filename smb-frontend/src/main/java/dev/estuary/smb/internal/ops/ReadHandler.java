package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.state.Open;
import java.nio.ByteBuffer;

/**
 * READ ([MS-SMB2] 3.3.5.12): up to Length bytes (the decoder already refused more than MaxReadSize, and
 * the dispatcher checked the CreditCharge against it) from Offset. Only TCP is served, so a Channel other
 * than NONE is STATUS_INVALID_PARAMETER; a directory open is STATUS_INVALID_DEVICE_REQUEST; an open
 * without FILE_READ_DATA or FILE_EXECUTE is STATUS_ACCESS_DENIED; a read at or past the end, or shorter
 * than MinimumCount, is STATUS_END_OF_FILE. READ_UNBUFFERED needs nothing: the server keeps no read
 * cache of its own.
 */
public final class ReadHandler implements SmbHandler {
  /** A handler. */
  public ReadHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    ReadWrite.ReadRequest r = (ReadWrite.ReadRequest) request.body();
    Open o = SmbFiles.open(request, r.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    if (r.channel() != 0) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    if (o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_DEVICE_REQUEST, r);
    }
    FileHandle h = o.handle();
    if (h == null || !o.granted(SmbFiles.FILE_READ_DATA | SmbFiles.FILE_EXECUTE) || !h.mode().canRead()) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    if (r.offset() < 0 || r.offset() + Integer.toUnsignedLong(r.length()) < 0) {
      // Offsets of 2^63 and above, or a range ending there, are STATUS_INVALID_PARAMETER (smb2.rw.invalid).
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    if (r.length() == 0) {
      // A zero-length read succeeds with no data, even at the end of the file, unless MinimumCount asks
      // for more than nothing (smbtorture smb2.read.eof).
      if (r.minimumCount() != 0) {
        return SmbReply.error(NtStatus.END_OF_FILE, r);
      }
      return SmbReply.of(NtStatus.SUCCESS, new ReadWrite.ReadResponse(0, Bytes.EMPTY));
    }
    long size = h.size();
    if (r.offset() >= size) {
      return SmbReply.error(NtStatus.END_OF_FILE, r);
    }
    int want = (int) Math.min(r.length(), size - r.offset());
    ByteBuffer buf = ByteBuffer.allocate(want);
    while (buf.hasRemaining()) {
      int n = h.read(r.offset() + buf.position(), buf);
      if (n < 0) {
        break;
      }
    }
    if (buf.position() == 0 || buf.position() < Integer.toUnsignedLong(r.minimumCount())) {
      return SmbReply.error(NtStatus.END_OF_FILE, r);
    }
    // FilePositionInformation follows the last read, as Samba keeps it ([MS-FSA] 2.1.5.2, synchronous I/O).
    o.position(r.offset() + buf.position());
    byte[] data = buf.position() == want ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
    return SmbReply.of(NtStatus.SUCCESS, new ReadWrite.ReadResponse(0, Bytes.of(data)));
  }
}
