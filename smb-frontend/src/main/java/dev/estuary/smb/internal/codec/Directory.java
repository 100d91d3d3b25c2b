package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SMB2 QUERY_DIRECTORY request (2.2.33) and CHANGE_NOTIFY request (2.2.35); responses are {@link OutputResponse}. */
public final class Directory {
  private Directory() {}

  /** SMB2_RESTART_SCANS. */
  public static final int RESTART_SCANS = 0x01;
  /** SMB2_RETURN_SINGLE_ENTRY. */
  public static final int RETURN_SINGLE_ENTRY = 0x02;
  /** SMB2_INDEX_SPECIFIED. */
  public static final int INDEX_SPECIFIED = 0x04;
  /** SMB2_REOPEN. */
  public static final int REOPEN = 0x10;
  /** SMB2_WATCH_TREE (CHANGE_NOTIFY Flags). */
  public static final int WATCH_TREE = 0x0001;

  /**
   * QUERY_DIRECTORY request.
   *
   * @param fileInformationClass FileInformationClass
   * @param flags Flags
   * @param fileIndex FileIndex
   * @param fileId FileId
   * @param pattern the search pattern (FileName)
   * @param outputBufferLength OutputBufferLength
   */
  public record QueryRequest(int fileInformationClass, int flags, int fileIndex, FileId fileId, String pattern,
      int outputBufferLength) implements SmbMessage {
    /** Validates. */
    public QueryRequest {
      Objects.requireNonNull(fileId, "fileId");
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.QUERY_DIRECTORY;
    }

    /** Decodes it; OutputBufferLength beyond MaxTransactSize is STATUS_INVALID_PARAMETER (3.3.5.18). */
    public static QueryRequest decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("QUERY_DIRECTORY request", 33);
      long outLen = r.u32(28);
      if (outLen > limits.maxTransactSize()) {
        throw new SmbDecodeException("OutputBufferLength: " + outLen + " (expected: <= MaxTransactSize "
            + limits.maxTransactSize() + ")");
      }
      String pattern = r.utf16("FileName", r.u16(24), r.u16(26), CodecLimits.MAX_PATH_BYTES);
      return new QueryRequest(r.u8(2), r.u8(3), r.i32(4), r.fileId(8), pattern, (int) outLen);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      byte[] p = Wire.utf16(pattern);
      out.writeShortLE(33);
      out.writeByte(fileInformationClass);
      out.writeByte(flags);
      out.writeIntLE(fileIndex);
      fileId.encode(out);
      out.writeShortLE(p.length == 0 ? 0 : Smb2Header.SIZE + 32);
      out.writeShortLE(p.length);
      out.writeIntLE(outputBufferLength);
      out.writeBytes(p);
      if (p.length == 0) {
        out.writeByte(0);
      }
    }
  }

  /**
   * CHANGE_NOTIFY request.
   *
   * @param flags Flags
   * @param outputBufferLength OutputBufferLength
   * @param fileId FileId
   * @param completionFilter CompletionFilter
   */
  public record NotifyRequest(int flags, int outputBufferLength, FileId fileId, int completionFilter)
      implements SmbMessage {
    /** Validates. */
    public NotifyRequest {
      Objects.requireNonNull(fileId, "fileId");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.CHANGE_NOTIFY;
    }

    /** Decodes it. */
    public static NotifyRequest decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("CHANGE_NOTIFY request", 32);
      long outLen = r.u32(4);
      if (outLen > limits.maxTransactSize()) {
        throw new SmbDecodeException("OutputBufferLength: " + outLen + " (expected: <= MaxTransactSize "
            + limits.maxTransactSize() + ")");
      }
      return new NotifyRequest(r.u16(2), (int) outLen, r.fileId(8), r.i32(24));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(32);
      out.writeShortLE(flags);
      out.writeIntLE(outputBufferLength);
      fileId.encode(out);
      out.writeIntLE(completionFilter);
      out.writeIntLE(0);
    }
  }
}
