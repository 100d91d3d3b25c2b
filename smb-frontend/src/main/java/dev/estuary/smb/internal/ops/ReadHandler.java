package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.state.Open;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * READ ([MS-SMB2] 3.3.5.12): up to Length bytes (the decoder already refused more than MaxReadSize, and
 * the dispatcher checked the CreditCharge against it) from Offset. Only TCP is served, so a Channel other
 * than NONE is STATUS_INVALID_PARAMETER; a directory open is STATUS_INVALID_DEVICE_REQUEST; an open
 * without FILE_READ_DATA or FILE_EXECUTE is STATUS_ACCESS_DENIED; a read at or past the end, or shorter
 * than MinimumCount, is STATUS_END_OF_FILE; bytes another open holds an exclusive lock on are
 * STATUS_FILE_LOCK_CONFLICT ([MS-FSA] 2.1.5.2, through the backend's lock facet). READ_UNBUFFERED needs nothing: the server keeps no read
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
    if (SmbFiles.lockConflict(o, false, r.offset(), want)) {
      return SmbReply.error(NtStatus.FILE_LOCK_CONFLICT, r);
    }
    // Read into a pooled direct buffer: a heap one would be zeroed first and then filled by the JDK through
    // a temporary direct buffer of its own (a second copy of up to 8 MiB). The record gets one copy.
    ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(want);
    try {
      ByteBuffer buf = direct.nioBuffer(0, want);
      while (buf.hasRemaining()) {
        int n = h.read(r.offset() + buf.position(), buf);
        if (n < 0) {
          break;
        }
      }
      int got = buf.position();
      if (got == 0 || got < Integer.toUnsignedLong(r.minimumCount())) {
        return SmbReply.error(NtStatus.END_OF_FILE, r);
      }
      // FilePositionInformation follows the last read, as Samba keeps it ([MS-FSA] 2.1.5.2, synchronous I/O).
      o.position(r.offset() + got);
      return SmbReply.of(NtStatus.SUCCESS, new ReadWrite.ReadResponse(0, Bytes.copyOf(direct, 0, got)));
    } finally {
      direct.release();
    }
  }
}
