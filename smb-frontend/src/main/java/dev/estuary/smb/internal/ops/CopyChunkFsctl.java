package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CopyChunk;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;

/**
 * FSCTL_SRV_COPYCHUNK and FSCTL_SRV_COPYCHUNK_WRITE ([MS-SMB2] 3.3.5.15.6): server-side copy from the open
 * a resume key names ({@link ResumeKeyFsctl}) to the IOCTL's open, chunk by chunk through the backend's
 * {@link FileHandle#copyTo} (inside the engine, no bytes through the frontend).
 *
 * <p>Order of checks, as 3.3.5.15.6 gives them: input and output sizes (STATUS_INVALID_PARAMETER), the
 * destination open (STATUS_FILE_CLOSED) and its access (FILE_WRITE_DATA, and FILE_READ_DATA for
 * COPYCHUNK but not COPYCHUNK_WRITE: STATUS_ACCESS_DENIED), the source (STATUS_OBJECT_NAME_NOT_FOUND) and
 * its FILE_READ_DATA (FILE_EXECUTE reads too: smbtorture smb2.ioctl.copy_chunk_bad_access), then the server's limits: more than {@link #MAX_CHUNKS} chunks, a chunk of 0 or more
 * than {@link #MAX_CHUNK_SIZE} bytes, or more than {@link #MAX_TOTAL} bytes in all answer
 * STATUS_INVALID_PARAMETER with the limits in the SRV_COPYCHUNK_RESPONSE (the values Windows and Samba
 * use). A source range past the source's end is STATUS_INVALID_VIEW_SIZE (Windows, smbtorture
 * smb2.ioctl.copy_chunk_src_exceed); bytes locked against reading the source or writing the destination
 * are STATUS_FILE_LOCK_CONFLICT ([MS-FSA] 2.1.5.2/2.1.5.3). Chunks are copied in order; a failing chunk
 * stops the copy, the chunks before it stay written, and the error answer says how many were.
 */
public final class CopyChunkFsctl implements Fsctl {
  /** ServerSideCopyMaxNumberofChunks. */
  static final int MAX_CHUNKS = 256;
  /** ServerSideCopyMaxChunkSize: 1 MiB. */
  static final int MAX_CHUNK_SIZE = 1 << 20;
  /** ServerSideCopyMaxDataSize: 16 MiB. */
  static final int MAX_TOTAL = 16 << 20;
  /**
   * Reading access to a copy's source: FILE_READ_DATA, or FILE_EXECUTE, which reads the data too (Windows;
   * the destination of FSCTL_SRV_COPYCHUNK needs FILE_READ_DATA itself: smbtorture copy_chunk_bad_access).
   */
  private static final int READ = SmbFiles.FILE_READ_DATA | SmbFiles.FILE_EXECUTE;

  /** A handler. */
  public CopyChunkFsctl() {}

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) throws SmbDecodeException {
    if (r.input().length() < CopyChunk.COPY_HEADER_SIZE || r.maxOutputResponse() < CopyChunk.RESPONSE_SIZE) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    Open target = SmbFiles.open(request, r.fileId());
    if (target == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    boolean needsRead = r.ctlCode() == Ioctl.FSCTL_SRV_COPYCHUNK;
    if (!target.granted(SmbFiles.FILE_WRITE_DATA) || (needsRead && !target.granted(SmbFiles.FILE_READ_DATA))) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    Bytes key = Bytes.of(java.util.Arrays.copyOf(r.input().toArray(), CopyChunk.RESUME_KEY_SIZE));
    Open source = ResumeKeyFsctl.source(request, key);
    if (source == null) {
      return SmbReply.error(NtStatus.OBJECT_NAME_NOT_FOUND, r);
    }
    if (!source.granted(READ)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    if (CopyChunk.Copy.chunkCount(r.input()) > MAX_CHUNKS) {
      return limits(r);
    }
    CopyChunk.Copy copy = CopyChunk.Copy.decode(r.input());
    long total = 0;
    for (CopyChunk.Chunk c : copy.chunks()) {
      if (c.length() == 0 || c.length() > MAX_CHUNK_SIZE) {
        return limits(r);
      }
      total += c.length();
    }
    if (total > MAX_TOTAL) {
      return limits(r);
    }
    if (source.isDirectory() || target.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_DEVICE_REQUEST, r);
    }
    FileHandle from = source.handle();
    FileHandle to = target.handle();
    if (from == null || to == null || !to.mode().canWrite()) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    int written = 0;
    int chunks = 0;
    for (CopyChunk.Chunk c : copy.chunks()) {
      if (c.sourceOffset() < 0 || c.targetOffset() < 0
          || c.targetOffset() + c.length() > WriteHandler.MAX_FILE_SIZE) {
        return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
      }
      if (c.sourceOffset() + c.length() > from.size()) {
        return stopped(r, NtStatus.INVALID_VIEW_SIZE, chunks, written);
      }
      if (SmbFiles.lockConflict(source, false, c.sourceOffset(), c.length())
          || SmbFiles.lockConflict(target, true, c.targetOffset(), c.length())) {
        return stopped(r, NtStatus.FILE_LOCK_CONFLICT, chunks, written);
      }
      long n;
      try (OpenCaching.Change change = OpenCaching.change(target)) {
        n = from.copyTo(c.sourceOffset(), to, c.targetOffset(), c.length());
      }
      if (n != c.length()) {
        // The source shrank between the size check and the copy.
        return stopped(r, NtStatus.INVALID_VIEW_SIZE, chunks, written + (int) n);
      }
      written += (int) n;
      chunks++;
    }
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY,
        new CopyChunk.Response(copy.chunks().size(), 0, written).encode(), 0));
  }

  /**
   * A copy stopped by a failing chunk: the error status with the SRV_COPYCHUNK_RESPONSE of what was done
   * (3.3.5.15.6: ChunksWritten and TotalBytesWritten of the chunks before it, which stay written), as Windows
   * and Samba answer (smbtorture smb2.ioctl.copy_chunk_src_lock, copy_chunk_src_exceed_multi).
   */
  private static SmbReply stopped(Ioctl.Request r, NtStatus status, int chunks, int written) {
    return SmbReply.of(status, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY,
        new CopyChunk.Response(chunks, 0, written).encode(), 0));
  }

  /** 3.3.5.15.6: a limit exceeded answers STATUS_INVALID_PARAMETER with the server's limits. */
  private static SmbReply limits(Ioctl.Request r) {
    return SmbReply.of(NtStatus.INVALID_PARAMETER, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY,
        new CopyChunk.Response(MAX_CHUNKS, MAX_CHUNK_SIZE, MAX_TOTAL).encode(), 0));
  }
}
