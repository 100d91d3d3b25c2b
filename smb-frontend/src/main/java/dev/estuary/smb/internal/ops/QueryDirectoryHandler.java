package dev.estuary.smb.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Directory;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OutputResponse;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.WireNames;
import dev.estuary.smb.internal.state.Open;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * QUERY_DIRECTORY ([MS-SMB2] 3.3.5.18, [MS-FSA] 2.1.5.6.3): the entries of a directory open matching a
 * pattern, in the [MS-FSCC] 2.4 classes Windows, macOS and smbclient use (FileIdBothDirectoryInformation,
 * FileBothDirectoryInformation, FileDirectoryInformation, FileFullDirectoryInformation,
 * FileIdFullDirectoryInformation, FileNamesInformation; others are STATUS_INVALID_INFO_CLASS).
 *
 * <p>The enumeration starts with {@code .} and {@code ..} (as NTFS lists them) and continues in the
 * backend's position order ({@link dev.estuary.dfs.Volume#readdirByPosition}), so it resumes exactly where
 * the last response stopped whatever changed meanwhile; the pattern is fixed by the first request and by
 * SMB2_RESTART_SCANS or SMB2_REOPEN, as 3.3.5.18 says. SMB2_INDEX_SPECIFIED resumes after the entry whose
 * FileIndex is given (FileIndex carries the low 32 bits of the entry's position). A pattern without
 * wildcards is one case-insensitive lookup, not a scan. The first request that finds nothing is
 * STATUS_NO_SUCH_FILE, an exhausted enumeration STATUS_NO_MORE_FILES, and an output buffer too small for
 * one entry STATUS_INFO_LENGTH_MISMATCH.
 */
public final class QueryDirectoryHandler implements SmbHandler {
  private static final int ENTRY_ALIGN = 8;

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public QueryDirectoryHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    Directory.QueryRequest q = (Directory.QueryRequest) request.body();
    Open o = SmbFiles.open(request, q.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, q);
    }
    int fixed = Fscc.directoryEntryFixedSize(q.fileInformationClass());
    if (fixed < 0) {
      return SmbReply.error(NtStatus.INVALID_INFO_CLASS, q);
    }
    if (!o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, q);
    }
    if (!o.granted(SmbFiles.FILE_READ_DATA)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, q);
    }
    String pattern = q.pattern().isEmpty() ? "*" : q.pattern();
    if (pattern.length() > SmbPaths.MAX_NAME || pattern.indexOf('\\') >= 0 || pattern.indexOf('/') >= 0
        || pattern.indexOf(':') >= 0) {
      return SmbReply.error(NtStatus.OBJECT_NAME_INVALID, q);
    }
    if (q.outputBufferLength() < fixed) {
      return SmbReply.error(NtStatus.INFO_LENGTH_MISMATCH, q);
    }
    Open.DirectoryScan scan = o.scan();
    if ((q.flags() & (Directory.RESTART_SCANS | Directory.REOPEN)) != 0 || scan.pattern() == null) {
      scan.restart(pattern);
    }
    if ((q.flags() & Directory.INDEX_SPECIFIED) != 0 && q.fileIndex() != 0) {
      scan.stage(2);
      scan.position(Integer.toUnsignedLong(q.fileIndex()));
    }
    boolean single = (q.flags() & Directory.RETURN_SINGLE_ENTRY) != 0;
    CheckedVolume v = o.files().view();
    Listing out = new Listing(q.fileInformationClass(), q.outputBufferLength(), single);
    try {
      fill(v, o, scan, out);
      if (out.count == 0 && out.full) {
        // The next entry alone does not fit the client's buffer ([MS-FSA] 2.1.5.6.3).
        return SmbReply.error(NtStatus.INFO_LENGTH_MISMATCH, q);
      }
      if (out.count == 0) {
        boolean first = !scan.returnedAny();
        return SmbReply.error(first ? NtStatus.NO_SUCH_FILE : NtStatus.NO_MORE_FILES, q);
      }
      scan.returnedAny(true);
      return SmbReply.of(NtStatus.SUCCESS, new OutputResponse(SmbCommand.QUERY_DIRECTORY,
          Bytes.of(ByteBufUtil.getBytes(out.buf))));
    } finally {
      out.buf.release();
    }
  }

  /** The response buffer being filled. */
  private static final class Listing {
    final int infoClass;
    final int limit;
    final boolean single;
    final ByteBuf buf = Unpooled.buffer();
    int count;
    int lastStart = -1;
    boolean full;

    Listing(int infoClass, int limit, boolean single) {
      this.infoClass = infoClass;
      this.limit = limit;
      this.single = single;
    }

    /** Adds an entry if it fits; false when it does not (or one entry was asked for and is there). */
    boolean add(int fileIndex, Fscc.FileInfo info, String name) {
      if (full) {
        return false;
      }
      int start = count == 0 ? 0 : align(buf.writerIndex());
      if (start + Fscc.directoryEntrySize(infoClass, name) > limit) {
        full = true;
        return false;
      }
      buf.writeZero(start - buf.writerIndex());
      if (lastStart >= 0) {
        buf.setIntLE(lastStart, start - lastStart);
      }
      Fscc.writeDirectoryEntry(buf, infoClass, fileIndex, info, name);
      lastStart = start;
      count++;
      if (single) {
        full = true;
      }
      return true;
    }

    private static int align(int n) {
      return (n + ENTRY_ALIGN - 1) & -ENTRY_ALIGN;
    }
  }

  private void fill(CheckedVolume v, Open o, Open.DirectoryScan scan, Listing out) {
    // handle() started the enumeration, so it has a pattern.
    String pattern = java.util.Objects.requireNonNull(scan.pattern(), "pattern");
    Wildcards w = new Wildcards(pattern);
    Attributes dir = null;
    if (scan.stage() == 0) {
      dir = v.getAttributes(o.id());
      if (w.matches(".") && !out.add(0, SmbFiles.info(v, dir, false, services.objects()), ".")) {
        return;
      }
      scan.stage(1);
    }
    if (scan.stage() == 1) {
      if (w.matches("..")) {
        Attributes parent = v.getAttributes(o.id().equals(v.root()) ? v.root() : o.parent());
        if (!out.add(0, SmbFiles.info(v, parent, false, services.objects()), "..")) {
          return;
        }
      }
      scan.stage(2);
    }
    boolean atRoot = o.id().equals(v.root());
    if (!Wildcards.hasWildcards(pattern)) {
      // One name: a lookup through the backend's case-insensitive index instead of a scan.
      if (scan.position() == 0) {
        if (dir == null) {
          dir = v.getAttributes(o.id());
        }
        SmbPaths.Hit hit = SmbPaths.find(v, dir, WireNames.fromWire(pattern));
        if (hit != null && !out.add(0, SmbFiles.info(v, hit.attributes(), false, services.objects()),
            WireNames.toWire(hit.name()))) {
          return;
        }
        scan.position(Long.MAX_VALUE);
      }
      return;
    }
    while (!out.full && scan.position() != Long.MAX_VALUE) {
      int page = (int) Math.min(Limits.MAX_READDIR_ENTRIES, Math.max(16, out.limit / 128));
      DirPositionPage p = v.readdirByPosition(o.id(), scan.position(), page, true);
      for (DirEntry e : p.entries()) {
        // Names from S3 or NFS that Windows cannot hold are listed in their wire form (WireNames): the
        // pattern is matched against what the client sees.
        String wire = WireNames.toWire(e.name());
        if ((atRoot && ReservedNames.isReservedAtRoot(e.name())) || !w.matches(wire)) {
          scan.position(e.position());
          continue;
        }
        Attributes a = e.attributes() != null ? e.attributes() : v.lookup(o.id(), e.name());
        if (!out.add((int) e.position(), SmbFiles.info(v, a, false, services.objects()), wire)) {
          return;
        }
        scan.position(e.position());
      }
      if (p.end()) {
        scan.position(Long.MAX_VALUE);
      } else if (p.entries().isEmpty()) {
        scan.position(p.last());
      }
    }
  }
}
