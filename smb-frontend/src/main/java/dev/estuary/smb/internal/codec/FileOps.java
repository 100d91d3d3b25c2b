package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SMB2 CLOSE ([MS-SMB2] 2.2.15, 2.2.16) and FLUSH (2.2.17; its response is {@link SimpleMessages.Empty}). */
public final class FileOps {
  private FileOps() {}

  /** SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB. */
  public static final int CLOSE_FLAG_POSTQUERY_ATTRIB = 0x0001;

  /**
   * CLOSE request.
   *
   * @param flags Flags
   * @param fileId FileId
   */
  public record CloseRequest(int flags, FileId fileId) implements SmbMessage {
    /** Validates. */
    public CloseRequest {
      Objects.requireNonNull(fileId, "fileId");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.CLOSE;
    }

    /** Decodes it. */
    public static CloseRequest decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("CLOSE request", 24);
      return new CloseRequest(r.u16(2), r.fileId(8));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(24);
      out.writeShortLE(flags);
      out.writeIntLE(0);
      fileId.encode(out);
    }
  }

  /**
   * CLOSE response; the attributes are zero unless POSTQUERY_ATTRIB was asked for.
   *
   * @param flags Flags
   * @param creationTime CreationTime
   * @param lastAccessTime LastAccessTime
   * @param lastWriteTime LastWriteTime
   * @param changeTime ChangeTime
   * @param allocationSize AllocationSize
   * @param endOfFile EndofFile
   * @param fileAttributes FileAttributes
   */
  public record CloseResponse(int flags, long creationTime, long lastAccessTime, long lastWriteTime,
      long changeTime, long allocationSize, long endOfFile, int fileAttributes) implements SmbMessage {
    @Override
    public SmbCommand command() {
      return SmbCommand.CLOSE;
    }

    /** Decodes it. */
    public static CloseResponse decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("CLOSE response", 60);
      return new CloseResponse(r.u16(2), r.i64(8), r.i64(16), r.i64(24), r.i64(32), r.i64(40), r.i64(48),
          r.i32(56));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(60);
      out.writeShortLE(flags);
      out.writeIntLE(0);
      out.writeLongLE(creationTime);
      out.writeLongLE(lastAccessTime);
      out.writeLongLE(lastWriteTime);
      out.writeLongLE(changeTime);
      out.writeLongLE(allocationSize);
      out.writeLongLE(endOfFile);
      out.writeIntLE(fileAttributes);
    }
  }

  /**
   * FLUSH request.
   *
   * @param fileId FileId
   */
  public record FlushRequest(FileId fileId) implements SmbMessage {
    /** Validates. */
    public FlushRequest {
      Objects.requireNonNull(fileId, "fileId");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.FLUSH;
    }

    /** Decodes it. */
    public static FlushRequest decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("FLUSH request", 24);
      return new FlushRequest(r.fileId(8));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(24);
      out.writeShortLE(0);
      out.writeIntLE(0);
      fileId.encode(out);
    }
  }
}
