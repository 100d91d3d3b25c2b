package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The 64-byte SMB2 packet header, sync and async forms ([MS-SMB2] 2.2.1.1 and 2.2.1.2). In the async form
 * bytes 32..39 are the AsyncId; in the sync form they are Reserved (ProcessId) and TreeId. Both are kept
 * here so one record serves both forms; {@link #isAsync()} says which applies.
 *
 * @param creditCharge CreditCharge
 * @param status Status in responses; ChannelSequence (low 16 bits) + Reserved in 3.x requests
 * @param command the raw command code (see {@link SmbCommand#of})
 * @param credits CreditRequest (requests) or CreditResponse (responses)
 * @param flags Flags (SMB2_FLAGS_*)
 * @param nextCommand NextCommand: offset of the next compounded message, 0 for the last
 * @param messageId MessageId
 * @param asyncId AsyncId (async form only, else 0)
 * @param processId Reserved/ProcessId (sync form only, else 0)
 * @param treeId TreeId (sync form only, else 0)
 * @param sessionId SessionId
 * @param signature the 16-byte Signature
 */
public record Smb2Header(
    int creditCharge,
    int status,
    int command,
    int credits,
    int flags,
    int nextCommand,
    long messageId,
    long asyncId,
    int processId,
    int treeId,
    long sessionId,
    Bytes signature) {

  /** Header length in bytes. */
  public static final int SIZE = 64;
  /** ProtocolId 0xFE 'S' 'M' 'B' read as a little-endian int. */
  public static final int PROTOCOL_ID = 0x424D53FE;

  /** SMB2_FLAGS_SERVER_TO_REDIR. */
  public static final int FLAG_RESPONSE = 0x00000001;
  /** SMB2_FLAGS_ASYNC_COMMAND. */
  public static final int FLAG_ASYNC = 0x00000002;
  /** SMB2_FLAGS_RELATED_OPERATIONS. */
  public static final int FLAG_RELATED = 0x00000004;
  /** SMB2_FLAGS_SIGNED. */
  public static final int FLAG_SIGNED = 0x00000008;
  /** SMB2_FLAGS_PRIORITY_MASK. */
  public static final int FLAG_PRIORITY_MASK = 0x00000070;
  /** SMB2_FLAGS_DFS_OPERATIONS. */
  public static final int FLAG_DFS = 0x10000000;
  /** SMB2_FLAGS_REPLAY_OPERATION. */
  public static final int FLAG_REPLAY = 0x20000000;
  /** Offset of the Signature field inside the header (signing zeroes it, [MS-SMB2] 3.1.4.1). */
  public static final int SIGNATURE_OFFSET = 48;
  /** MessageId of unsolicited server messages (oplock break notifications, [MS-SMB2] 3.3.4.6). */
  public static final long UNSOLICITED_MESSAGE_ID = -1L;

  /** Validates field ranges. */
  public Smb2Header {
    Objects.requireNonNull(signature, "signature");
    if (signature.length() != 16) {
      throw new IllegalArgumentException("signature: " + signature.length() + " bytes (expected: 16)");
    }
    if ((creditCharge & ~0xFFFF) != 0 || (command & ~0xFFFF) != 0 || (credits & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("creditCharge/command/credits: " + creditCharge + "/" + command
          + "/" + credits + " (expected: 0..65535)");
    }
  }

  /** Whether the async form applies (SMB2_FLAGS_ASYNC_COMMAND). */
  public boolean isAsync() {
    return (flags & FLAG_ASYNC) != 0;
  }

  /** Whether this is a response (SMB2_FLAGS_SERVER_TO_REDIR). */
  public boolean isResponse() {
    return (flags & FLAG_RESPONSE) != 0;
  }

  /** Whether this message is related to the previous one in a compound. */
  public boolean isRelated() {
    return (flags & FLAG_RELATED) != 0;
  }

  /** Whether the sender signed it. */
  public boolean isSigned() {
    return (flags & FLAG_SIGNED) != 0;
  }

  /** ChannelSequence of a 3.x request (low 16 bits of the Status field, [MS-SMB2] 2.2.1.2). */
  public int channelSequence() {
    return status & 0xFFFF;
  }

  /**
   * Decodes the header at {@code index} of {@code buf}; {@code available} is how many bytes of the message
   * are there.
   */
  public static Smb2Header decode(ByteBuf buf, int index, int available) throws SmbDecodeException {
    if (available < SIZE) {
      throw new SmbDecodeException("SMB2 header: " + available + " bytes (expected: >= 64)");
    }
    if (buf.getIntLE(index) != PROTOCOL_ID) {
      throw new SmbDecodeException(String.format("ProtocolId: 0x%08X (expected: 0x424D53FE, 0xFE 'SMB')",
          buf.getIntLE(index)));
    }
    int structureSize = buf.getUnsignedShortLE(index + 4);
    if (structureSize != 64) {
      throw new SmbDecodeException("header StructureSize: " + structureSize + " (expected: 64)");
    }
    int flags = buf.getIntLE(index + 16);
    boolean async = (flags & FLAG_ASYNC) != 0;
    return new Smb2Header(
        buf.getUnsignedShortLE(index + 6),
        buf.getIntLE(index + 8),
        buf.getUnsignedShortLE(index + 12),
        buf.getUnsignedShortLE(index + 14),
        flags,
        buf.getIntLE(index + 20),
        buf.getLongLE(index + 24),
        async ? buf.getLongLE(index + 32) : 0L,
        async ? 0 : buf.getIntLE(index + 32),
        async ? 0 : buf.getIntLE(index + 36),
        buf.getLongLE(index + 40),
        Bytes.copyOf(buf, index + SIGNATURE_OFFSET, 16));
  }

  /** Appends the 64 header bytes to {@code out}. */
  public void encode(ByteBuf out) {
    out.writeIntLE(PROTOCOL_ID);
    out.writeShortLE(SIZE);
    out.writeShortLE(creditCharge);
    out.writeIntLE(status);
    out.writeShortLE(command);
    out.writeShortLE(credits);
    out.writeIntLE(flags);
    out.writeIntLE(nextCommand);
    out.writeLongLE(messageId);
    if (isAsync()) {
      out.writeLongLE(asyncId);
    } else {
      out.writeIntLE(processId);
      out.writeIntLE(treeId);
    }
    out.writeLongLE(sessionId);
    signature.writeTo(out);
  }

  /** A copy with another NextCommand (set by the compound encoder). */
  public Smb2Header withNextCommand(int next) {
    return new Smb2Header(creditCharge, status, command, credits, flags, next, messageId, asyncId, processId,
        treeId, sessionId, signature);
  }

  /** A copy with other flags. */
  public Smb2Header withFlags(int newFlags) {
    return new Smb2Header(creditCharge, status, command, credits, newFlags, nextCommand, messageId, asyncId,
        processId, treeId, sessionId, signature);
  }

  /** A sync-form request header with no signature, for tests and clients. */
  public static Smb2Header request(SmbCommand command, long messageId, long sessionId, int treeId) {
    return new Smb2Header(1, 0, command.code(), 1, 0, 0, messageId, 0, 0, treeId, sessionId, Bytes.zeros(16));
  }

  /** A sync-form response header answering {@code request}. */
  public static Smb2Header response(Smb2Header request, NtStatus status, int credits) {
    int flags = FLAG_RESPONSE | (request.flags & (FLAG_RELATED | FLAG_PRIORITY_MASK));
    return new Smb2Header(request.creditCharge, status.code(), request.command, credits, flags, 0,
        request.messageId, 0, request.processId, request.treeId, request.sessionId, Bytes.zeros(16));
  }
}
