package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/** SMB2 CREATE ([MS-SMB2] 2.2.13 request, 2.2.14 response). */
public final class Create {
  private Create() {}

  /**
   * CREATE request.
   *
   * @param securityFlags SecurityFlags
   * @param requestedOplockLevel RequestedOplockLevel
   * @param impersonationLevel ImpersonationLevel
   * @param smbCreateFlags SmbCreateFlags
   * @param desiredAccess DesiredAccess
   * @param fileAttributes FileAttributes
   * @param shareAccess ShareAccess
   * @param createDisposition CreateDisposition
   * @param createOptions CreateOptions
   * @param name the path relative to the share (no leading backslash)
   * @param contexts CreateContexts
   */
  public record Request(int securityFlags, int requestedOplockLevel, int impersonationLevel, long smbCreateFlags,
      int desiredAccess, int fileAttributes, int shareAccess, int createDisposition, int createOptions,
      String name, List<CreateContext> contexts) implements SmbMessage {
    /** Validates and copies. */
    public Request {
      Objects.requireNonNull(name, "name");
      contexts = List.copyOf(contexts);
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.CREATE;
    }

    /** Decodes it. */
    public static Request decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("CREATE request", 57);
      String name = r.utf16("Name", r.u16(44), r.u16(46), CodecLimits.MAX_PATH_BYTES);
      List<CreateContext> contexts = CreateContext.decodeChain(r, r.u32(48), r.u32(52));
      return new Request(r.u8(2), r.u8(3), r.i32(4), r.i64(8), r.i32(24), r.i32(28), r.i32(32), r.i32(36),
          r.i32(40), name, contexts);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      int headerStart = out.writerIndex() - Smb2Header.SIZE;
      byte[] n = Wire.utf16(name);
      out.writeShortLE(57);
      out.writeByte(securityFlags);
      out.writeByte(requestedOplockLevel);
      out.writeIntLE(impersonationLevel);
      out.writeLongLE(smbCreateFlags);
      out.writeLongLE(0);
      out.writeIntLE(desiredAccess);
      out.writeIntLE(fileAttributes);
      out.writeIntLE(shareAccess);
      out.writeIntLE(createDisposition);
      out.writeIntLE(createOptions);
      out.writeShortLE(Smb2Header.SIZE + 56);
      out.writeShortLE(n.length);
      int ctxAt = out.writerIndex();
      out.writeLongLE(0);
      out.writeBytes(n);
      if (contexts.isEmpty()) {
        if (n.length == 0) {
          out.writeByte(0);
        }
        return;
      }
      Wire.pad8(out, headerStart);
      int offset = out.writerIndex() - headerStart;
      int len = CreateContext.encodeChain(out, contexts);
      out.setIntLE(ctxAt, offset);
      out.setIntLE(ctxAt + 4, len);
    }
  }

  /**
   * CREATE response.
   *
   * @param oplockLevel OplockLevel
   * @param flags Flags
   * @param createAction CreateAction
   * @param creationTime CreationTime
   * @param lastAccessTime LastAccessTime
   * @param lastWriteTime LastWriteTime
   * @param changeTime ChangeTime
   * @param allocationSize AllocationSize
   * @param endOfFile EndofFile
   * @param fileAttributes FileAttributes
   * @param fileId FileId
   * @param contexts CreateContexts
   */
  public record Response(int oplockLevel, int flags, int createAction, long creationTime, long lastAccessTime,
      long lastWriteTime, long changeTime, long allocationSize, long endOfFile, int fileAttributes,
      FileId fileId, List<CreateContext> contexts) implements SmbMessage {
    /** Validates and copies. */
    public Response {
      Objects.requireNonNull(fileId, "fileId");
      contexts = List.copyOf(contexts);
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.CREATE;
    }

    /** Decodes it. */
    public static Response decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("CREATE response", 89);
      List<CreateContext> contexts = CreateContext.decodeChain(r, r.u32(80), r.u32(84));
      return new Response(r.u8(2), r.u8(3), r.i32(4), r.i64(8), r.i64(16), r.i64(24), r.i64(32), r.i64(40),
          r.i64(48), r.i32(56), r.fileId(64), contexts);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(89);
      out.writeByte(oplockLevel);
      out.writeByte(flags);
      out.writeIntLE(createAction);
      out.writeLongLE(creationTime);
      out.writeLongLE(lastAccessTime);
      out.writeLongLE(lastWriteTime);
      out.writeLongLE(changeTime);
      out.writeLongLE(allocationSize);
      out.writeLongLE(endOfFile);
      out.writeIntLE(fileAttributes);
      out.writeIntLE(0);
      fileId.encode(out);
      int ctxAt = out.writerIndex();
      out.writeLongLE(0);
      if (contexts.isEmpty()) {
        out.writeByte(0);
        return;
      }
      // The fixed part ends at header offset 152, already 8-aligned.
      int len = CreateContext.encodeChain(out, contexts);
      out.setIntLE(ctxAt, Smb2Header.SIZE + 88);
      out.setIntLE(ctxAt + 4, len);
    }
  }
}
