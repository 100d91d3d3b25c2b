package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** SMB2 NEGOTIATE ([MS-SMB2] 2.2.3 request, 2.2.4 response). */
public final class Negotiate {
  private Negotiate() {}

  /** Dialect 2.0.2. */
  public static final int SMB_2_0_2 = 0x0202;
  /** Dialect 2.1. */
  public static final int SMB_2_1 = 0x0210;
  /** Dialect 3.0. */
  public static final int SMB_3_0 = 0x0300;
  /** Dialect 3.0.2. */
  public static final int SMB_3_0_2 = 0x0302;
  /** Dialect 3.1.1. */
  public static final int SMB_3_1_1 = 0x0311;
  /** The wildcard revision answering an SMB1 probe that offered "SMB 2.???" ([MS-SMB2] 3.3.5.3.1). */
  public static final int SMB_2_WILDCARD = 0x02FF;
  /** Most dialects a request may list; clients send at most 5, so 64 bounds hostile counts. */
  public static final int MAX_DIALECTS = 64;

  /** SMB2_NEGOTIATE_SIGNING_ENABLED. */
  public static final int SIGNING_ENABLED = 0x0001;
  /** SMB2_NEGOTIATE_SIGNING_REQUIRED. */
  public static final int SIGNING_REQUIRED = 0x0002;

  /** SMB2_GLOBAL_CAP_DFS. */
  public static final int CAP_DFS = 0x01;
  /** SMB2_GLOBAL_CAP_LEASING. */
  public static final int CAP_LEASING = 0x02;
  /** SMB2_GLOBAL_CAP_LARGE_MTU. */
  public static final int CAP_LARGE_MTU = 0x04;
  /** SMB2_GLOBAL_CAP_MULTI_CHANNEL. */
  public static final int CAP_MULTI_CHANNEL = 0x08;
  /** SMB2_GLOBAL_CAP_PERSISTENT_HANDLES. */
  public static final int CAP_PERSISTENT_HANDLES = 0x10;
  /** SMB2_GLOBAL_CAP_DIRECTORY_LEASING. */
  public static final int CAP_DIRECTORY_LEASING = 0x20;
  /** SMB2_GLOBAL_CAP_ENCRYPTION (3.0/3.0.2 only). */
  public static final int CAP_ENCRYPTION = 0x40;

  /**
   * NEGOTIATE request. NegotiateContextOffset/Count are only meaningful when 3.1.1 is offered; otherwise
   * the same eight bytes are ClientStartTime and are ignored (2.2.3).
   *
   * @param securityMode SecurityMode
   * @param capabilities Capabilities
   * @param clientGuid ClientGuid (16 bytes)
   * @param dialects Dialects
   * @param contexts NegotiateContextList (empty unless 3.1.1 is offered)
   */
  public record Request(int securityMode, int capabilities, Bytes clientGuid, List<Integer> dialects,
      List<NegotiateContext> contexts) implements SmbMessage {
    /** Validates and copies. */
    public Request {
      Objects.requireNonNull(clientGuid, "clientGuid");
      dialects = List.copyOf(dialects);
      contexts = List.copyOf(contexts);
      if (clientGuid.length() != 16) {
        throw new IllegalArgumentException("clientGuid: " + clientGuid.length() + " bytes (expected: 16)");
      }
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.NEGOTIATE;
    }

    /** Decodes a NEGOTIATE request. */
    public static Request decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("NEGOTIATE request", 36);
      int count = r.u16(2);
      if (count < 1 || count > MAX_DIALECTS) {
        // 3.3.5.4: DialectCount 0 fails with STATUS_INVALID_PARAMETER.
        throw new SmbDecodeException("DialectCount: " + count + " (expected: 1.." + MAX_DIALECTS + ")");
      }
      r.need("Dialects", 36, 2L * count);
      List<Integer> dialects = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        dialects.add(r.u16(36 + 2 * i));
      }
      List<NegotiateContext> contexts = List.of();
      if (dialects.contains(SMB_3_1_1)) {
        long offset = r.u32(28);
        int n = r.u16(32);
        if (n > 0 && offset < Smb2Header.SIZE + 36 + 2L * count) {
          throw new SmbDecodeException("NegotiateContextOffset: " + offset + " (expected: after the dialects)");
        }
        contexts = NegotiateContext.decodeList(r, offset, n);
      }
      return new Request(r.u16(4), r.i32(8), r.fixed(12, 16), dialects, contexts);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      int headerStart = out.writerIndex() - Smb2Header.SIZE;
      out.writeShortLE(36);
      out.writeShortLE(dialects.size());
      out.writeShortLE(securityMode);
      out.writeShortLE(0);
      out.writeIntLE(capabilities);
      clientGuid.writeTo(out);
      int ctxOffsetAt = out.writerIndex();
      out.writeLongLE(0);
      dialects.forEach(out::writeShortLE);
      if (!contexts.isEmpty()) {
        Wire.pad8(out, headerStart);
        out.setIntLE(ctxOffsetAt, out.writerIndex() - headerStart);
        out.setShortLE(ctxOffsetAt + 4, contexts.size());
        NegotiateContext.encodeList(out, headerStart, contexts);
      }
    }
  }

  /**
   * NEGOTIATE response.
   *
   * @param securityMode SecurityMode
   * @param dialectRevision DialectRevision
   * @param serverGuid ServerGuid (16 bytes)
   * @param capabilities Capabilities
   * @param maxTransactSize MaxTransactSize
   * @param maxReadSize MaxReadSize
   * @param maxWriteSize MaxWriteSize
   * @param systemTime SystemTime (FILETIME)
   * @param serverStartTime ServerStartTime (FILETIME)
   * @param securityBuffer the SPNEGO NegTokenInit2
   * @param contexts NegotiateContextList (3.1.1 only)
   */
  public record Response(int securityMode, int dialectRevision, Bytes serverGuid, int capabilities,
      int maxTransactSize, int maxReadSize, int maxWriteSize, long systemTime, long serverStartTime,
      Bytes securityBuffer, List<NegotiateContext> contexts) implements SmbMessage {
    /** Validates and copies. */
    public Response {
      Objects.requireNonNull(serverGuid, "serverGuid");
      Objects.requireNonNull(securityBuffer, "securityBuffer");
      contexts = List.copyOf(contexts);
      if (serverGuid.length() != 16) {
        throw new IllegalArgumentException("serverGuid: " + serverGuid.length() + " bytes (expected: 16)");
      }
      if (securityBuffer.length() > 0xFFFF) {
        throw new IllegalArgumentException("securityBuffer: " + securityBuffer.length()
            + " bytes (expected: <= 65535)");
      }
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.NEGOTIATE;
    }

    /** Decodes a NEGOTIATE response. */
    public static Response decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("NEGOTIATE response", 65);
      int dialect = r.u16(4);
      Bytes sec = r.buffer("SecurityBuffer", r.u16(56), r.u16(58), 0xFFFF);
      List<NegotiateContext> contexts = List.of();
      int count = r.u16(6);
      if (dialect == SMB_3_1_1 && count > 0) {
        contexts = NegotiateContext.decodeList(r, r.u32(60), count);
      }
      return new Response(r.u16(2), dialect, r.fixed(8, 16), r.i32(24), r.i32(28), r.i32(32), r.i32(36),
          r.i64(40), r.i64(48), sec, contexts);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      int headerStart = out.writerIndex() - Smb2Header.SIZE;
      out.writeShortLE(65);
      out.writeShortLE(securityMode);
      out.writeShortLE(dialectRevision);
      out.writeShortLE(contexts.size());
      serverGuid.writeTo(out);
      out.writeIntLE(capabilities);
      out.writeIntLE(maxTransactSize);
      out.writeIntLE(maxReadSize);
      out.writeIntLE(maxWriteSize);
      out.writeLongLE(systemTime);
      out.writeLongLE(serverStartTime);
      out.writeShortLE(securityBuffer.isEmpty() ? 0 : Smb2Header.SIZE + 64);
      out.writeShortLE(securityBuffer.length());
      int ctxOffsetAt = out.writerIndex();
      out.writeIntLE(0);
      securityBuffer.writeTo(out);
      if (contexts.isEmpty()) {
        if (securityBuffer.isEmpty()) {
          out.writeByte(0); // the variable part is at least one byte (StructureSize 65)
        }
      } else {
        Wire.pad8(out, headerStart);
        out.setIntLE(ctxOffsetAt, out.writerIndex() - headerStart);
        NegotiateContext.encodeList(out, headerStart, contexts);
      }
    }
  }
}
