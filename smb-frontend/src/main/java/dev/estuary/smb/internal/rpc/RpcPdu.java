package dev.estuary.smb.internal.rpc;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection-oriented DCE/RPC PDUs ([C706] 12.6, with the [MS-RPCE] 2.2.2 extensions) a named pipe
 * carries. Every PDU starts with the 16-byte common header (12.6.1); the records below are the bodies the
 * server reads (BIND, ALTER_CONTEXT, REQUEST) and writes (BIND_ACK, ALTER_CONTEXT_RESP, BIND_NAK,
 * RESPONSE, FAULT). Only little-endian, ASCII, IEEE data representations are accepted: every client of
 * an SMB server sends them, and the other byte order would need a second NDR decoder nobody exercises.
 */
public sealed interface RpcPdu {
  /** PTYPE request. */
  int REQUEST = 0;
  /** PTYPE response. */
  int RESPONSE = 2;
  /** PTYPE fault. */
  int FAULT = 3;
  /** PTYPE bind. */
  int BIND = 11;
  /** PTYPE bind_ack. */
  int BIND_ACK = 12;
  /** PTYPE bind_nak. */
  int BIND_NAK = 13;
  /** PTYPE alter_context. */
  int ALTER_CONTEXT = 14;
  /** PTYPE alter_context_resp. */
  int ALTER_CONTEXT_RESP = 15;
  /** PTYPE auth3 ([MS-RPCE] 2.2.2.10). */
  int AUTH3 = 16;
  /** PTYPE co_cancel. */
  int CO_CANCEL = 18;
  /** PTYPE orphaned. */
  int ORPHANED = 19;

  /** PFC_FIRST_FRAG. */
  int PFC_FIRST_FRAG = 0x01;
  /** PFC_LAST_FRAG. */
  int PFC_LAST_FRAG = 0x02;
  /** PFC_DID_NOT_EXECUTE (faults: the call was not started). */
  int PFC_DID_NOT_EXECUTE = 0x20;
  /** PFC_OBJECT_UUID (requests: an object UUID precedes the stub). */
  int PFC_OBJECT_UUID = 0x80;

  /** The common header's size. */
  int HEADER_SIZE = 16;
  /** The smallest fragment size a peer may offer ([C706] 12.6.3.1: MustRecvFragSize). */
  int MIN_FRAG = 1432;
  /** The fragment size this server offers, what Windows and Samba use. */
  int MAX_FRAG = 4280;

  /** nca_s_op_rng_error: the operation number is not in the interface ([C706] appendix E). */
  int NCA_S_OP_RNG_ERROR = 0x1C010002;
  /** nca_s_unknown_if: the presentation context is not bound. */
  int NCA_S_UNKNOWN_IF = 0x1C010003;
  /** nca_s_proto_error: the PDU breaks the protocol. */
  int NCA_S_PROTO_ERROR = 0x1C01000B;
  /** RPC_X_BAD_STUB_DATA, what Windows answers for stub data that does not decode ([MS-RPCE] 3.1.1.5.5). */
  int NCA_S_FAULT_NDR = 0x000006F7;

  /** p_cont_def_result_t acceptance. */
  int RESULT_ACCEPTANCE = 0;
  /** p_cont_def_result_t provider_rejection. */
  int RESULT_PROVIDER_REJECTION = 2;
  /** p_provider_reason_t abstract_syntax_not_supported. */
  int REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED = 1;
  /** p_provider_reason_t proposed_transfer_syntaxes_not_supported. */
  int REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED = 2;

  /** p_reject_reason_t reason_not_specified (BIND_NAK). */
  int NAK_REASON_NOT_SPECIFIED = 0;
  /** p_reject_reason_t local_limit_exceeded (BIND_NAK). */
  int NAK_LOCAL_LIMIT_EXCEEDED = 2;
  /** p_reject_reason_t protocol_version_not_supported (BIND_NAK). */
  int NAK_PROTOCOL_VERSION_NOT_SUPPORTED = 4;
  /** authentication_type_not_recognized ([MS-RPCE] 2.2.2.5). */
  int NAK_AUTHENTICATION_TYPE_NOT_RECOGNIZED = 8;

  /** The packed drep of little-endian integers, ASCII characters and IEEE floats. */
  int DREP_LE = 0x10;

  /** @return the call this PDU belongs to */
  int callId();

  /**
   * The common header ([C706] 12.6.1).
   *
   * @param type PTYPE
   * @param flags pfc_flags
   * @param fragLength frag_length
   * @param authLength auth_length
   * @param callId call_id
   */
  record Header(int type, int flags, int fragLength, int authLength, int callId) {
    /**
     * Reads the common header of a fragment, checking the version and data representation.
     *
     * @param frag the fragment's first bytes (at least 16)
     * @return the header
     * @throws RpcDecodeException for another version or data representation
     */
    public static Header decode(byte[] frag) throws RpcDecodeException {
      if (frag.length < HEADER_SIZE) {
        throw new RpcDecodeException(NCA_S_PROTO_ERROR, "PDU: " + frag.length + " bytes (expected: >= 16)");
      }
      ByteBuf in = Unpooled.wrappedBuffer(frag);
      int vers = in.getUnsignedByte(0);
      int minor = in.getUnsignedByte(1);
      if (vers != 5 || minor > 1) {
        throw new RpcDecodeException(NCA_S_PROTO_ERROR, "rpc_vers: " + vers + "." + minor + " (expected: 5.0 or 5.1)");
      }
      int drep = in.getUnsignedByte(4);
      if (drep != DREP_LE || in.getUnsignedByte(5) != 0) {
        throw new RpcDecodeException(NCA_S_PROTO_ERROR, String.format("packed_drep: %02x %02x (expected: 10 00,"
            + " little-endian ASCII IEEE)", drep, in.getUnsignedByte(5)));
      }
      return new Header(in.getUnsignedByte(2), in.getUnsignedByte(3), in.getUnsignedShortLE(8),
          in.getUnsignedShortLE(10), in.getIntLE(12));
    }
  }

  /**
   * One presentation context a BIND or ALTER_CONTEXT proposes ({@code p_cont_elem_t}).
   *
   * @param contextId p_cont_id
   * @param abstractSyntax the interface
   * @param transferSyntaxes the transfer syntaxes offered, in the client's order
   */
  record Context(int contextId, SyntaxId abstractSyntax, List<SyntaxId> transferSyntaxes) {
    /** Copies. */
    public Context {
      requireNonNull(abstractSyntax, "abstractSyntax");
      transferSyntaxes = List.copyOf(transferSyntaxes);
    }
  }

  /**
   * BIND or ALTER_CONTEXT ([C706] 12.6.4.3, 12.6.4.1): the same body.
   *
   * @param callId call_id
   * @param alter whether this is ALTER_CONTEXT
   * @param flags pfc_flags
   * @param maxXmitFrag max_xmit_frag
   * @param maxRecvFrag max_recv_frag
   * @param assocGroupId assoc_group_id
   * @param contexts p_context_elem
   * @param authLength auth_length (non-zero asks for an authenticated binding)
   */
  record Bind(int callId, boolean alter, int flags, int maxXmitFrag, int maxRecvFrag, int assocGroupId,
      List<Context> contexts, int authLength) implements RpcPdu {
    /** Copies. */
    public Bind {
      contexts = List.copyOf(contexts);
    }

    /** @return the bytes of this PDU (clients and tests) */
    public byte[] encode() {
      ByteBuf out = Unpooled.buffer();
      writeHeader(out, alter ? ALTER_CONTEXT : BIND, flags, callId);
      out.writeShortLE(maxXmitFrag);
      out.writeShortLE(maxRecvFrag);
      out.writeIntLE(assocGroupId);
      out.writeByte(contexts.size());
      out.writeZero(3);
      for (Context c : contexts) {
        out.writeShortLE(c.contextId());
        out.writeByte(c.transferSyntaxes().size());
        out.writeByte(0);
        c.abstractSyntax().write(out);
        for (SyntaxId t : c.transferSyntaxes()) {
          t.write(out);
        }
      }
      return finish(out);
    }
  }

  /**
   * The result for one proposed context ({@code p_result_t}).
   *
   * @param result acceptance, user_rejection or provider_rejection
   * @param reason the provider reason when rejected, else 0
   * @param transferSyntax the accepted transfer syntax, all zeros when rejected
   */
  record Result(int result, int reason, SyntaxId transferSyntax) {
    /** A zero syntax for rejections. */
    public static final SyntaxId NONE = new SyntaxId(new java.util.UUID(0, 0), 0);

    /** Validates. */
    public Result {
      requireNonNull(transferSyntax, "transferSyntax");
    }
  }

  /**
   * BIND_ACK or ALTER_CONTEXT_RESP ([C706] 12.6.4.4, 12.6.4.2).
   *
   * @param callId call_id of the BIND
   * @param alter whether this answers ALTER_CONTEXT
   * @param maxXmitFrag max_xmit_frag
   * @param maxRecvFrag max_recv_frag
   * @param assocGroupId assoc_group_id
   * @param secondaryAddress sec_addr (the pipe's name for BIND_ACK, empty for ALTER_CONTEXT_RESP)
   * @param results one per proposed context, in order
   */
  record BindAck(int callId, boolean alter, int maxXmitFrag, int maxRecvFrag, int assocGroupId,
      String secondaryAddress, List<Result> results) implements RpcPdu {
    /** Copies. */
    public BindAck {
      requireNonNull(secondaryAddress, "secondaryAddress");
      results = List.copyOf(results);
    }

    /** @return the bytes of this PDU */
    public byte[] encode() {
      ByteBuf out = Unpooled.buffer();
      writeHeader(out, alter ? ALTER_CONTEXT_RESP : BIND_ACK, PFC_FIRST_FRAG | PFC_LAST_FRAG, callId);
      out.writeShortLE(maxXmitFrag);
      out.writeShortLE(maxRecvFrag);
      out.writeIntLE(assocGroupId);
      // port_any_t: length including the NUL, then the ASCII string; an empty address is length 0.
      byte[] addr = secondaryAddress.getBytes(StandardCharsets.US_ASCII);
      out.writeShortLE(addr.length == 0 ? 0 : addr.length + 1);
      if (addr.length > 0) {
        out.writeBytes(addr);
        out.writeByte(0);
      }
      // The result list is 4-byte aligned from the PDU's start (12.6.4.4: pad).
      out.writeZero((4 - (out.writerIndex() & 3)) & 3);
      out.writeByte(results.size());
      out.writeZero(3);
      for (Result r : results) {
        out.writeShortLE(r.result());
        out.writeShortLE(r.reason());
        r.transferSyntax().write(out);
      }
      return finish(out);
    }
  }

  /**
   * BIND_NAK ([C706] 12.6.4.5): the binding failed as a whole. Lists version 5.0 as the one supported.
   *
   * @param callId call_id of the BIND
   * @param reason provider_reject_reason
   */
  record BindNak(int callId, int reason) implements RpcPdu {
    /** @return the bytes of this PDU */
    public byte[] encode() {
      ByteBuf out = Unpooled.buffer();
      writeHeader(out, BIND_NAK, PFC_FIRST_FRAG | PFC_LAST_FRAG, callId);
      out.writeShortLE(reason);
      out.writeByte(1);
      out.writeByte(5);
      out.writeByte(0);
      return finish(out);
    }
  }

  /**
   * One REQUEST fragment ([C706] 12.6.4.9).
   *
   * @param callId call_id
   * @param flags pfc_flags (first/last fragment, object UUID)
   * @param allocHint alloc_hint (a hint only: never used to size anything)
   * @param contextId p_cont_id
   * @param opnum opnum
   * @param stub this fragment's stub data
   */
  record Request(int callId, int flags, int allocHint, int contextId, int opnum, Bytes stub) implements RpcPdu {
    /** Validates. */
    public Request {
      requireNonNull(stub, "stub");
    }

    /** @return the bytes of this PDU (clients and tests) */
    public byte[] encode() {
      ByteBuf out = Unpooled.buffer();
      writeHeader(out, REQUEST, flags, callId);
      out.writeIntLE(allocHint);
      out.writeShortLE(contextId);
      out.writeShortLE(opnum);
      stub.writeTo(out);
      return finish(out);
    }
  }

  /**
   * One RESPONSE fragment ([C706] 12.6.4.10).
   *
   * @param callId call_id of the request
   * @param flags pfc_flags (first/last fragment)
   * @param allocHint alloc_hint: the stub bytes left from this fragment on
   * @param contextId p_cont_id
   * @param stub this fragment's stub data
   */
  record Response(int callId, int flags, int allocHint, int contextId, Bytes stub) implements RpcPdu {
    /** The header and fixed body before the stub. */
    public static final int OVERHEAD = HEADER_SIZE + 8;

    /** Validates. */
    public Response {
      requireNonNull(stub, "stub");
    }

    /** @return the bytes of this PDU */
    public byte[] encode() {
      ByteBuf out = Unpooled.buffer();
      writeHeader(out, RESPONSE, flags, callId);
      out.writeIntLE(allocHint);
      out.writeShortLE(contextId);
      out.writeByte(0);
      out.writeByte(0);
      stub.writeTo(out);
      return finish(out);
    }
  }

  /**
   * FAULT ([C706] 12.6.4.7).
   *
   * @param callId call_id of the failed call
   * @param contextId p_cont_id
   * @param status the fault status
   * @param didNotExecute whether the call never started (PFC_DID_NOT_EXECUTE)
   */
  record Fault(int callId, int contextId, int status, boolean didNotExecute) implements RpcPdu {
    /** @return the bytes of this PDU */
    public byte[] encode() {
      ByteBuf out = Unpooled.buffer();
      writeHeader(out, FAULT, PFC_FIRST_FRAG | PFC_LAST_FRAG | (didNotExecute ? PFC_DID_NOT_EXECUTE : 0), callId);
      out.writeIntLE(0);
      out.writeShortLE(contextId);
      out.writeByte(0);
      out.writeByte(0);
      out.writeIntLE(status);
      out.writeIntLE(0);
      return finish(out);
    }
  }

  /**
   * A PDU the server reads but whose body it does not need (AUTH3, CO_CANCEL, ORPHANED, or a type only a
   * server sends).
   *
   * @param header its header
   */
  record Other(Header header) implements RpcPdu {
    @Override
    public int callId() {
      return header.callId();
    }
  }

  /**
   * Decodes one complete fragment.
   *
   * @param frag exactly one fragment (frag_length bytes)
   * @return the PDU
   * @throws RpcDecodeException for a malformed PDU
   */
  static RpcPdu decode(byte[] frag) throws RpcDecodeException {
    Header h = Header.decode(frag);
    if (h.fragLength() != frag.length) {
      throw new RpcDecodeException(NCA_S_PROTO_ERROR, "frag_length: " + h.fragLength() + " (expected: "
          + frag.length + ", the fragment's size)");
    }
    int authTrailer = h.authLength() == 0 ? 0 : 8 + h.authLength();
    int bodyEnd = frag.length - authTrailer;
    if (bodyEnd < HEADER_SIZE) {
      throw new RpcDecodeException(NCA_S_PROTO_ERROR, "auth_length: " + h.authLength() + " (expected: <= "
          + (frag.length - HEADER_SIZE - 8) + " in a " + frag.length + "-byte fragment)");
    }
    ByteBuf in = Unpooled.wrappedBuffer(frag, 0, bodyEnd);
    in.readerIndex(HEADER_SIZE);
    return switch (h.type()) {
      case BIND, ALTER_CONTEXT -> decodeBind(h, in);
      case REQUEST -> {
        need(in, 8, "REQUEST body");
        int allocHint = in.readIntLE();
        int ctx = in.readUnsignedShortLE();
        int opnum = in.readUnsignedShortLE();
        if ((h.flags() & PFC_OBJECT_UUID) != 0) {
          // An object UUID addresses an object of an object-based interface; srvsvc has none.
          throw new RpcDecodeException(NCA_S_PROTO_ERROR, "REQUEST pfc_flags: PFC_OBJECT_UUID (expected: no"
              + " object UUID, the interface is not object-based)");
        }
        yield new Request(h.callId(), h.flags(), allocHint, ctx, opnum,
            Bytes.of(ByteBufUtil.getBytes(in, in.readerIndex(), in.readableBytes())));
      }
      default -> new Other(h);
    };
  }

  private static Bind decodeBind(Header h, ByteBuf in) throws RpcDecodeException {
    need(in, 12, "BIND body");
    int maxXmit = in.readUnsignedShortLE();
    int maxRecv = in.readUnsignedShortLE();
    int assoc = in.readIntLE();
    int n = in.readUnsignedByte();
    in.skipBytes(3);
    List<Context> contexts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      need(in, 4 + SyntaxId.SIZE, "p_cont_elem[" + i + "]");
      int id = in.readUnsignedShortLE();
      int nt = in.readUnsignedByte();
      in.skipBytes(1);
      SyntaxId as = SyntaxId.read(in);
      need(in, (long) nt * SyntaxId.SIZE, "p_cont_elem[" + i + "] transfer_syntaxes (" + nt + ")");
      List<SyntaxId> ts = new ArrayList<>(nt);
      for (int j = 0; j < nt; j++) {
        ts.add(SyntaxId.read(in));
      }
      contexts.add(new Context(id, as, ts));
    }
    return new Bind(h.callId(), h.type() == ALTER_CONTEXT, h.flags(), maxXmit, maxRecv, assoc, contexts,
        h.authLength());
  }

  private static void need(ByteBuf in, long n, String field) throws RpcDecodeException {
    if (in.readableBytes() < n) {
      throw new RpcDecodeException(NCA_S_PROTO_ERROR, field + ": " + in.readableBytes() + " bytes left (expected: >= "
          + n + ")");
    }
  }

  private static void writeHeader(ByteBuf out, int type, int flags, int callId) {
    out.writeByte(5);
    out.writeByte(0);
    out.writeByte(type);
    out.writeByte(flags);
    out.writeByte(DREP_LE);
    out.writeZero(3);
    out.writeShortLE(0);
    out.writeShortLE(0);
    out.writeIntLE(callId);
  }

  private static byte[] finish(ByteBuf out) {
    out.setShortLE(8, out.writerIndex());
    return ByteBufUtil.getBytes(out);
  }
}
