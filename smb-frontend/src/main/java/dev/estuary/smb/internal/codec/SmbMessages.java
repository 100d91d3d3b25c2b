package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Entry points of the codec: splits a Direct-TCP frame into its compounded messages and decodes or encodes
 * each body. A frame is a list of SMB2 messages chained by NextCommand ([MS-SMB2] 3.3.5.2.7); every message
 * after the first starts on an 8-byte boundary, and NextCommand must stay inside the frame.
 */
public final class SmbMessages {
  private SmbMessages() {}

  /** Most messages in one compound; Linux sends up to 7, Windows fewer (smb.md §1.8). */
  public static final int MAX_COMPOUND = 32;

  /**
   * One message of a frame.
   *
   * @param header the header
   * @param offset absolute index of the header in the frame buffer
   * @param length the message length including any padding up to the next message (what signing covers)
   */
  public record Raw(Smb2Header header, int offset, int length) {}

  /** Splits the frame {@code buf[index, index + length)} into its messages. */
  public static List<Raw> split(ByteBuf buf, int index, int length) throws SmbDecodeException {
    List<Raw> out = new ArrayList<>();
    int pos = index;
    int end = index + length;
    while (true) {
      if (out.size() == MAX_COMPOUND) {
        throw new SmbDecodeException("compound: more than " + MAX_COMPOUND + " messages (expected: <= "
            + MAX_COMPOUND + ")");
      }
      Smb2Header h = Smb2Header.decode(buf, pos, end - pos);
      long next = Integer.toUnsignedLong(h.nextCommand());
      if (next == 0) {
        out.add(new Raw(h, pos, end - pos));
        return List.copyOf(out);
      }
      if ((next & 7) != 0 || next < Smb2Header.SIZE || pos + next >= end) {
        throw new SmbDecodeException("NextCommand: " + next + " (expected: a multiple of 8, >= 64, inside the "
            + (end - pos) + " remaining bytes)");
      }
      out.add(new Raw(h, pos, (int) next));
      pos += (int) next;
    }
  }

  /** Decodes the body of a request. Unknown commands fail with STATUS_INVALID_PARAMETER (3.3.5.2). */
  public static SmbMessage decodeRequest(ByteBuf buf, Raw raw, CodecLimits limits) throws SmbDecodeException {
    Objects.requireNonNull(limits, "limits");
    SmbCommand c = commandOf(raw.header());
    BodyReader r = new BodyReader(buf, raw.offset(), raw.length());
    return switch (c) {
      case NEGOTIATE -> Negotiate.Request.decode(r);
      case SESSION_SETUP -> SessionSetup.Request.decode(r);
      case LOGOFF, TREE_DISCONNECT, ECHO, CANCEL -> SimpleMessages.Empty.decode(c, r);
      case TREE_CONNECT -> TreeConnect.Request.decode(r);
      case CREATE -> Create.Request.decode(r);
      case CLOSE -> FileOps.CloseRequest.decode(r);
      case FLUSH -> FileOps.FlushRequest.decode(r);
      case READ -> ReadWrite.ReadRequest.decode(r, limits);
      case WRITE -> ReadWrite.WriteRequest.decode(r, limits);
      case LOCK -> Lock.Request.decode(r);
      case IOCTL -> Ioctl.Request.decode(r, limits);
      case QUERY_DIRECTORY -> Directory.QueryRequest.decode(r, limits);
      case CHANGE_NOTIFY -> Directory.NotifyRequest.decode(r, limits);
      case QUERY_INFO -> Info.QueryRequest.decode(r, limits);
      case SET_INFO -> Info.SetRequest.decode(r, limits);
      case OPLOCK_BREAK -> OplockBreak.decode(r);
    };
  }

  /**
   * Decodes the body of a response. Error statuses carry the ERROR body, except the cases MS-SMB2 gives a
   * normal body: MORE_PROCESSING_REQUIRED on SESSION_SETUP and warnings such as BUFFER_OVERFLOW (3.3.4.4);
   * STATUS_PENDING interim responses are ERROR bodies too.
   */
  public static SmbMessage decodeResponse(ByteBuf buf, Raw raw, CodecLimits limits) throws SmbDecodeException {
    SmbCommand c = commandOf(raw.header());
    BodyReader r = new BodyReader(buf, raw.offset(), raw.length());
    int status = raw.header().status();
    if (c == SmbCommand.IOCTL && status == NtStatus.INVALID_PARAMETER.code() && raw.length() >= 2
        && r.u16(0) == 49) {
      // 3.3.5.15.6: FSCTL_SRV_COPYCHUNK(_WRITE) over the server's limits answers STATUS_INVALID_PARAMETER
      // with the IOCTL body carrying the limits ([MS-SMB2] 2.2.2); its StructureSize tells it apart.
      return Ioctl.Response.decode(r, limits);
    }
    if (usesErrorBody(c, status)) {
      return ErrorResponse.decode(c, r);
    }
    return switch (c) {
      case NEGOTIATE -> Negotiate.Response.decode(r);
      case SESSION_SETUP -> SessionSetup.Response.decode(r);
      case LOGOFF, TREE_DISCONNECT, ECHO, CANCEL, FLUSH, LOCK -> SimpleMessages.Empty.decode(c, r);
      case TREE_CONNECT -> TreeConnect.Response.decode(r);
      case CREATE -> Create.Response.decode(r);
      case CLOSE -> FileOps.CloseResponse.decode(r);
      case READ -> ReadWrite.ReadResponse.decode(r, limits);
      case WRITE -> ReadWrite.WriteResponse.decode(r);
      case IOCTL -> Ioctl.Response.decode(r, limits);
      case QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO -> OutputResponse.decode(c, r, limits);
      case SET_INFO -> SimpleMessages.SetInfoResponse.decode(r);
      case OPLOCK_BREAK -> OplockBreak.decode(r);
    };
  }

  /** Whether a response with {@code status} to {@code command} has the ERROR body ([MS-SMB2] 2.2.2). */
  public static boolean usesErrorBody(SmbCommand command, int status) {
    if (status == NtStatus.PENDING.code()) {
      return true;
    }
    if ((status >>> 30) != 3 && status != NtStatus.STOPPED_ON_SYMLINK.code()) {
      return false;
    }
    if (command == SmbCommand.SESSION_SETUP && status == NtStatus.MORE_PROCESSING_REQUIRED.code()) {
      return false;
    }
    return true;
  }

  private static SmbCommand commandOf(Smb2Header h) throws SmbDecodeException {
    SmbCommand c = SmbCommand.of(h.command());
    if (c == null) {
      throw new SmbDecodeException(String.format("Command: 0x%04X (expected: 0x0000..0x0012)", h.command()));
    }
    return c;
  }

  /**
   * Encodes one message (header then body) at the writer index of {@code out}; returns its start index.
   * NextCommand is left as the header says; {@link #encodeCompound} sets it.
   */
  public static int encode(ByteBuf out, Smb2Header header, SmbMessage body) {
    if (header.command() != body.command().code()) {
      throw new IllegalArgumentException("header command " + header.command() + " (expected: "
          + body.command().code() + " of the body)");
    }
    int start = out.writerIndex();
    header.encode(out);
    body.encodeBody(out);
    return start;
  }

  /**
   * Encodes a compound: each message but the last padded to 8 bytes, NextCommand set to the padded length
   * (3.3.4.1.3). Returns the start index of each message, for signing.
   */
  public static int[] encodeCompound(ByteBuf out, List<Smb2Header> headers, List<? extends SmbMessage> bodies) {
    if (headers.size() != bodies.size() || headers.isEmpty()) {
      throw new IllegalArgumentException("headers/bodies: " + headers.size() + "/" + bodies.size()
          + " (expected: equal, non-zero)");
    }
    int[] starts = new int[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      starts[i] = encode(out, headers.get(i).withNextCommand(0), bodies.get(i));
      if (i + 1 < headers.size()) {
        Wire.pad8(out, starts[i]);
        out.setIntLE(starts[i] + 20, out.writerIndex() - starts[i]);
      }
    }
    return starts;
  }
}
